# Puma 5 single mode as larkspur-books' web dynos run it (Procfile: web: bundle exec puma -C config/puma.rb).
threads 3, 3
port Integer(ENV.fetch("PORT"))
environment "production"
