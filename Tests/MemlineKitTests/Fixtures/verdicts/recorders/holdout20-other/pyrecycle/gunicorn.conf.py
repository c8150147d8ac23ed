# gunicorn settings for sallowby (values as in production; paths come from the environment)
import os

bind = os.environ.get("SALLOWBY_BIND", "127.0.0.1:8000")
workers = 3
worker_class = "sync"
max_requests = 280
max_requests_jitter = 60
timeout = 30
graceful_timeout = 10
loglevel = "info"
errorlog = os.environ.get("SALLOWBY_ERROR_LOG", "-")
proc_name = "sallowby"
