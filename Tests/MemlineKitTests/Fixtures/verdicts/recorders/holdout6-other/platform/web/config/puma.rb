# Puma 5 cluster mode as the cargolane-api web dynos run it (Procfile: web: bundle exec puma -C config/puma.rb).
workers Integer(ENV.fetch("WEB_CONCURRENCY", "2"))
threads 4, 4
preload_app!
port Integer(ENV.fetch("PORT"))
environment "production"
