# Puma 5 single mode as fernhill-pay's web dynos run it (Procfile: web: bundle exec puma -C config/puma.rb).
threads 5, 5
port Integer(ENV.fetch("PORT"))
environment "production"
