# kestrelmoor's config/puma.rb on Heroku (puma 5.6, single mode on a Standard-1X dyno: WEB_CONCURRENCY=0, 5 threads)
threads 5, 5
port ENV.fetch("PORT")
environment "production"
