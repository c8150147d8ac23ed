"""web dyno: `python web.py` serves gullmere.app on $PORT (wsgiref, threaded)."""
import os, sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIServer, WSGIRequestHandler, make_server
from gullmere.app import application

class Threaded(ThreadingMixIn, WSGIServer):
    daemon_threads = True

port = int(os.environ["PORT"])
httpd = make_server("127.0.0.1", port, application, server_class=Threaded)
print(f"Serving gullmere 3.8.0 on port {port} (wsgiref, pid {os.getpid()})", flush=True)
sys.stderr.reconfigure(line_buffering=True)
httpd.serve_forever()
