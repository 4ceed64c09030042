BEGIN TRANSACTION;
CREATE TABLE console_audit_log (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR(80) NOT NULL, 
	action VARCHAR(40) NOT NULL, 
	target VARCHAR(255), 
	detail TEXT, 
	ip VARCHAR(64), 
	PRIMARY KEY (id)
);
CREATE TABLE console_login_attempts (
	id INTEGER NOT NULL, 
	username VARCHAR(80) NOT NULL, 
	ip VARCHAR(64) NOT NULL, 
	at DATETIME NOT NULL, 
	success BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE console_notes (
	id INTEGER NOT NULL, 
	sender_id VARCHAR(255) NOT NULL, 
	author VARCHAR(80) NOT NULL, 
	text TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "console_notes" VALUES(1,'anna','handlaggare','ringer på måndag','2026-11-27 12:00:00.000000');
CREATE TABLE console_sessions (
	token_hash VARCHAR(64) NOT NULL, 
	user_id INTEGER NOT NULL, 
	csrf_token VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	last_seen_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	PRIMARY KEY (token_hash), 
	FOREIGN KEY(user_id) REFERENCES console_users (id) ON DELETE CASCADE
);
CREATE TABLE console_tags (
	id INTEGER NOT NULL, 
	sender_id VARCHAR(255) NOT NULL, 
	tag VARCHAR(40) NOT NULL, 
	author VARCHAR(80) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (sender_id, tag)
);
INSERT INTO "console_tags" VALUES(1,'anna','uppföljning','handlaggare','2026-11-27 12:00:00.000000');
CREATE TABLE console_users (
	id INTEGER NOT NULL, 
	username VARCHAR(80) NOT NULL, 
	password_hash VARCHAR(255) NOT NULL, 
	role VARCHAR(20) NOT NULL, 
	active BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	last_login_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (username)
);
INSERT INTO "console_users" VALUES(1,'handlaggare','$argon2id$v=19$m=65536,t=3,p=4$zjtJ/FYs5MwOVtDB8dARLg$IlMZ5/tIJ8NcOZCjpYO+mVXFk4Z8agsdn6viS26s88g','caseworker',1,'2026-12-01 18:29:16.346585',NULL);
CREATE TABLE handoff_requests (
	id INTEGER NOT NULL, 
	sender_id VARCHAR(255) NOT NULL, 
	reason TEXT, 
	status VARCHAR(20) NOT NULL, 
	created_at DATETIME NOT NULL, 
	taken_by VARCHAR(255), 
	taken_at DATETIME, 
	closed_at DATETIME, 
	PRIMARY KEY (id)
);
INSERT INTO "handoff_requests" VALUES(1,'anna','vill prata med en människa','open','2026-11-27 11:00:00.000000',NULL,NULL,NULL);
CREATE TABLE jobseekers (
	sender_id VARCHAR(255) NOT NULL, 
	channel VARCHAR(50), 
	first_seen DATETIME NOT NULL, 
	privacy_notice_shown_at DATETIME, 
	reminders_opt_in BOOLEAN NOT NULL, 
	PRIMARY KEY (sender_id)
);
INSERT INTO "jobseekers" VALUES('anna','rest','2026-12-01 18:29:14.977398','2026-11-27 11:00:00.000000',1);
CREATE TABLE profiles (
	sender_id VARCHAR(255) NOT NULL, 
	text TEXT NOT NULL, 
	occupations JSON NOT NULL, 
	location VARCHAR(200), 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (sender_id)
);
INSERT INTO "profiles" VALUES('anna','Jag har jobbat i hemtjänsten.','[{"label": "Undersk\u00f6terska"}]','Umeå','2026-11-27 11:00:00.000000');
CREATE TABLE progress_entries (
	id INTEGER NOT NULL, 
	sender_id VARCHAR(255) NOT NULL, 
	kind VARCHAR(40) NOT NULL, 
	count INTEGER NOT NULL, 
	note TEXT, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "progress_entries" VALUES(1,'anna','application',2,'två ansökningar','2026-11-27 11:00:00.000000');
CREATE TABLE reminders (
	id INTEGER NOT NULL, 
	sender_id VARCHAR(255) NOT NULL, 
	weekday INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(sender_id) REFERENCES jobseekers (sender_id) ON DELETE CASCADE
);
INSERT INTO "reminders" VALUES(1,'anna',0,'2026-12-01 18:29:15.045990');
CREATE TABLE saved_jobs (
	id INTEGER NOT NULL, 
	sender_id VARCHAR(255) NOT NULL, 
	ad_id VARCHAR(64) NOT NULL, 
	headline VARCHAR(500) NOT NULL, 
	employer VARCHAR(500), 
	municipality VARCHAR(200), 
	deadline VARCHAR(40), 
	url VARCHAR(1000), 
	saved_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (sender_id, ad_id)
);
INSERT INTO "saved_jobs" VALUES(1,'anna','30001234','Undersköterska','Umeå kommun','Umeå','2026-12-14','https://arbetsformedlingen.se/platsbanken/annonser/30001234','2026-11-27 11:00:00.000000');
CREATE TABLE sick_reports (
	id INTEGER NOT NULL, 
	receipt VARCHAR(20) NOT NULL, 
	sender_id VARCHAR(255) NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	from_date DATE NOT NULL, 
	expected_back DATE, 
	activity VARCHAR(500), 
	created_at DATETIME NOT NULL, 
	acknowledged_at DATETIME, 
	acknowledged_by VARCHAR(255), 
	PRIMARY KEY (id), 
	UNIQUE (receipt)
);
INSERT INTO "sick_reports" VALUES(1,'SJ-261127-E7A2','anna','vab','2026-11-27','2026-11-30',NULL,'2026-11-27 11:00:00.000000',NULL,NULL);
CREATE TABLE weekly_goals (
	id INTEGER NOT NULL, 
	sender_id VARCHAR(255) NOT NULL, 
	week_start DATE NOT NULL, 
	applications_target INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (sender_id, week_start)
);
INSERT INTO "weekly_goals" VALUES(1,'anna','2026-11-23',5,'2026-11-27 11:00:00.000000');
CREATE INDEX ix_weekly_goals_sender_id ON weekly_goals (sender_id);
CREATE INDEX ix_progress_entries_sender_id ON progress_entries (sender_id);
CREATE INDEX ix_saved_jobs_sender_id ON saved_jobs (sender_id);
CREATE INDEX ix_sick_reports_sender_id ON sick_reports (sender_id);
CREATE INDEX ix_handoff_requests_sender_id ON handoff_requests (sender_id);
CREATE INDEX ix_console_login_attempts_username_at ON console_login_attempts (username, at);
CREATE INDEX ix_console_login_attempts_ip_at ON console_login_attempts (ip, at);
CREATE INDEX ix_console_notes_sender_id ON console_notes (sender_id);
CREATE INDEX ix_console_tags_sender_id ON console_tags (sender_id);
CREATE INDEX ix_console_audit_log_at ON console_audit_log (at);
CREATE INDEX ix_console_audit_log_action ON console_audit_log (action);
CREATE INDEX ix_console_sessions_user_id ON console_sessions (user_id);
COMMIT;
