"""`python -m bench.twilio_sink SID TOKEN`: the tests' local Twilio Messages API as its own process.

It prints its URL on the first line, records when each message arrives, and
answers `GET /arrivals` with [[to, unix time], ...] so the bench can match
acknowledgements to the webhooks that caused them.
"""

from __future__ import annotations

import json
import sys

from tests.helpers.fakes import twilio_api


def main(account_sid: str, auth_token: str) -> None:
    server, state = twilio_api.serve(account_sid, auth_token)
    base = server.httpd.RequestHandlerClass

    class Sink(base):  # type: ignore[misc, valid-type]
        def do_GET(self) -> None:
            with state.lock:
                arrivals = [[m["to"], t] for m, t in zip(state.messages, state.arrived_at, strict=True)]
            data = json.dumps(arrivals).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server.httpd.RequestHandlerClass = Sink
    print(server.url, flush=True)
    server.httpd.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
