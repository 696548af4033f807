"""An aiosmtpd handler that stores mail in a maildir like aiosmtpd.handlers.Mailbox, but waits before
accepting each message, as a slow or overloaded mail server does.

Usage: python3 -m aiosmtpd -n -l HOST:PORT -c slow_mailbox.SlowMailbox MAILDIR DELAY_SECONDS
(with this folder on PYTHONPATH). The wait is asynchronous, so messages on several connections wait side
by side; a client that hangs up while its message waits has that message dropped, as a real server would.
"""
import asyncio

from aiosmtpd.handlers import Mailbox


class SlowMailbox(Mailbox):
    def __init__(self, mail_dir, delay_seconds):
        super().__init__(mail_dir)
        self.delay_seconds = delay_seconds

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay_seconds)
        return await super().handle_DATA(server, session, envelope)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 2:
            parser.error("SlowMailbox needs MAILDIR and DELAY_SECONDS")
        return cls(args[0], float(args[1]))
