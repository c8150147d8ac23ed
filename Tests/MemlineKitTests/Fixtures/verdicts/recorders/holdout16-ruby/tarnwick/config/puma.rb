# tarnwick-dispatch's config/puma.rb on Heroku (puma 5.6, single mode on each Standard-1X web dyno: WEB_CONCURRENCY=0, 4 threads)
threads 4, 4
port ENV.fetch("PORT")
environment "production"
