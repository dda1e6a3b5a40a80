"""Papers turned into clean PDF pages at the kiosk (issue 20): the page found in a camera
frame (:mod:`.page`), flattened and cleaned (:mod:`.enhance`), captured when steady and
sharp (:mod:`.capture`) and written as A4 PDF (:mod:`.pdf`). docs/documents.md says how
and how well."""
