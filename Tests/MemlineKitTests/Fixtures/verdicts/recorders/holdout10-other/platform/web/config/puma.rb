# Puma 5 single mode as pantrypal's web dynos run it (Procfile: web: bundle exec puma -C config/puma.rb).
threads 3, 3
port Integer(ENV.fetch("PORT"))
environment "production"
