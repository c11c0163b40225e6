-- What a member sees of each signed-in device: a short summary of the browser and system
-- it logged in with ("Chrome · Android"), never the whole User-Agent.
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
