# tessmoor-web's config/puma.rb on Heroku (puma 5.6, cluster mode on each Performance-M web dyno): WEB_CONCURRENCY
# workers (2 until release v214's deploy, which set it to 3), 3 threads each, no preload_app (each worker loads the app).
workers Integer(ENV.fetch("WEB_CONCURRENCY", "2"))
threads 3, 3
port ENV.fetch("PORT")
environment "production"
