"""A real SMTP server for tests: accepts every message and writes it to a folder, as received
(NAME.eml) and decoded (NAME.json: to, subject, message_id, text, html), each written
atomically, the .json last. Built on aiosmtpd and the standard email package.

A test makes it refuse by writing `.answer` in the folder: a line `MAIL <reply>` refuses
every sender (say `535 5.7.8 Authentication credentials invalid`), `RCPT <reply>` every
recipient (say `550 5.1.1 No such user`). Without the file it accepts everything. A file
`.delay` holding a number of seconds makes it wait that long before it accepts each message
(a slow mail server).

    python3 smtp_sink.py --port 2525 --dir /tmp/mail

Prints "ready" once it accepts connections; stops when its standard input closes or on
SIGTERM, so a test harness that dies takes the sink with it.
"""

import argparse
import asyncio
import email
import email.policy
import itertools
import json
import os
import signal
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.counter = itertools.count(1)

    def write(self, name, data):
        temporary = os.path.join(self.folder, "." + name)
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.rename(temporary, os.path.join(self.folder, name))

    def refusal(self, stage):
        try:
            with open(os.path.join(self.folder, ".answer")) as handle:
                line = handle.read().strip()
        except FileNotFoundError:
            return None
        wanted, _, reply = line.partition(" ")
        return reply if wanted == stage else None

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        refused = self.refusal("MAIL")
        if refused:
            return refused
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refused = self.refusal("RCPT")
        if refused:
            return refused
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    def delay(self):
        try:
            with open(os.path.join(self.folder, ".delay")) as handle:
                return float(handle.read().strip())
        except FileNotFoundError:
            return 0.0

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay())
        raw = envelope.original_content or envelope.content
        stem = f"{time.time_ns()}-{os.getpid()}-{next(self.counter):06d}"
        self.write(stem + ".eml", raw)
        message = email.message_from_bytes(raw, policy=email.policy.default)
        text = message.get_body(("plain",))
        html = message.get_body(("html",))
        decoded = {
            "to": ", ".join(envelope.rcpt_tos),
            "subject": str(message["subject"] or ""),
            "message_id": str(message["message-id"] or "").strip("<>"),
            "text": text.get_content() if text else "",
            "html": html.get_content() if html else "",
            "headers": {key.lower(): str(value) for key, value in message.items()},
        }
        self.write(stem + ".json", json.dumps(decoded).encode())
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    controller = Controller(Sink(args.dir), hostname=args.host, port=args.port)
    controller.start()
    print("ready", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
