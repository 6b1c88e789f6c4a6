"""Fixtures for end-to-end tests: a Telegram Bot API emulator the bot under test talks to."""

from collections.abc import Iterator

import pytest

from emulator import BotApiEmulator


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[BotApiEmulator]:
    """One emulator process for the whole session (starting Node takes a moment)."""
    with BotApiEmulator() as emulator:
        yield emulator


@pytest.fixture
def emulator(emulator_server: BotApiEmulator) -> BotApiEmulator:
    """The session's emulator, with the previous test's messages and updates forgotten."""
    emulator_server.reset()
    return emulator_server
