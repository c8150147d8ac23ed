# Puma 5 single mode as crewroster's web dynos run it (Procfile: web: bundle exec puma -C config/puma.rb).
threads 4, 4
port Integer(ENV.fetch("PORT"))
environment "production"
