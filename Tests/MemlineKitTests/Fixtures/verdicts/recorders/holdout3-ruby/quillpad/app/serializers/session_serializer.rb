# frozen_string_literal: true

# GET /api/v1/session: what the SPA asks for on every navigation and every 15 s. Rendering the user's permission
# tree is slow, so 2.14 added a memo per (user, CSRF token) "so repeated polls are free". The SPA gets a fresh
# masked CSRF token in every response and sends it back on the next poll, so the key is new on every request:
# nothing is ever read back from the memo and nothing is ever evicted.
module Quillpad
  class SessionSerializer
    @memo = {}
    @lock = Mutex.new

    class << self
      def render(user_id, token)
        key = "#{user_id}:#{token}"
        @lock.synchronize { @memo[key] ||= build(user_id, token) }[:json]
      end

      private

      def build(user_id, token)
        permissions = Array.new(160) do |i|
          "workspace:#{user_id % 37}:folder:#{i / 8}:document:#{user_id * 1000 + i}:#{%w[read write comment share][i % 4]}"
        end.join(",")
        payload = {
          "user" => { "id" => user_id, "name" => "user #{user_id}", "email" => "user#{user_id}@example.com" },
          "csrf" => token,
          "permissions" => permissions,
          "flags" => Array.new(40) { |i| "feature_#{i}_#{user_id % 5}" }.join(",")
        }
        { payload: payload, permissions: permissions, json: JSON.generate(payload) }
      end
    end
  end
end
