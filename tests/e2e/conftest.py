"""Fixtures for end-to-end tests: a Telegram Bot API emulator the bot under test talks to."""

from collections.abc import Iterator

import pytest

from botproc import ShowBotLogs
from emulator import BotApiEmulator


@pytest.fixture(scope="module", autouse=True)
def show_bot_logs_on_failure(request: pytest.FixtureRequest) -> Iterator[None]:
    """A failing test's report shows what the bot process(es) logged during it."""
    plugin = ShowBotLogs()
    request.config.pluginmanager.register(plugin, "quotebot-e2e-bot-logs")
    yield
    request.config.pluginmanager.unregister(plugin)


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
