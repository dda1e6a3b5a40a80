"""Build the kiosk's sync parts from the configuration (one place for the app and CLI)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.config import KioskConfig, data_dir
from kiosk.sync.client import CentralClient
from kiosk.sync.embedded_central import current_central_url
from kiosk.sync.errors import OutboxFault
from kiosk.sync.keys import DeviceIdentity, KeyStore
from kiosk.sync.leases import TicketDesk
from kiosk.sync.outbox import Outbox
from kiosk.sync.worker import RetryPolicy, SyncWorker

OUTBOX_FILE = "outbox.db"


@dataclass
class SyncStack:
    """The enrolled identity, its outbox, the ticket desk and the worker."""

    identity: DeviceIdentity
    outbox: Outbox
    desk: TicketDesk
    worker: SyncWorker

    def close(self) -> None:
        """Stop the worker and close the outbox and the client."""
        self.worker.stop()
        self.worker.client.close()
        self.outbox.close()


def outbox_path(folder: Path) -> Path:
    """Where the outbox database lives inside the data folder."""
    return folder / OUTBOX_FILE


def build_sync(
    config: KioskConfig,
    *,
    ticket_services: Sequence[str] = (),
    policy: RetryPolicy | None = None,
    on_online: Callable[[bool], None] | None = None,
    on_depth: Callable[[int], None] | None = None,
    on_fault: Callable[[OutboxFault | None], None] | None = None,
) -> SyncStack:
    """Load the identity and open everything; the worker is not started.

    Raises ``NotEnrolledError`` when the kiosk has no identity yet.
    """
    folder = data_dir(config)
    identity = KeyStore.in_data_dir(folder).load()
    url = current_central_url(folder, config.sync.central_url, identity.central_url)
    outbox = Outbox(outbox_path(folder), identity, on_fault=on_fault)
    desk = TicketDesk(outbox, identity.center)
    client = CentralClient(url, identity, config.sync.ca_bundle,
                           interactive_url=config.sync.interactive_url)
    worker = SyncWorker(
        outbox,
        client,
        batch_size=config.sync.batch_size,
        retention_days=config.sync.retention_days,
        policy=policy,
        desk=desk,
        ticket_services=ticket_services,
        on_online=on_online,
        on_depth=on_depth,
    )
    return SyncStack(identity, outbox, desk, worker)
