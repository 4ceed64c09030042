# Jobbcoach: the two commands are `make run` and `make test`. Everything else is a helper.
.PHONY: run test test-fast setup train chat validate lint bench-nlu bench-match bench-load bench-push bench-alerts bench-safety bench-dialogue bench-languages bench-cv bench-insight clean

setup:            ## set up both Python environments (idempotent)
	@scripts/setup.sh

run:              ## set up, train if needed, build the index if missing, start every service
	@scripts/run.sh

test:             ## set up (with test tools), then run the whole test suite
	@scripts/test.sh

test-fast:        ## the tests that start no server (pytest --fast), for the edit-run loop
	@scripts/test_fast.sh

train:            ## train the Rasa model if its inputs changed
	@scripts/setup.sh && scripts/train.sh >/dev/null

chat:             ## talk to the bot in the terminal (needs `make run` in another terminal)
	@.venvs/app/bin/python scripts/chat.py

validate:         ## Rasa's own data validation, failing on any warning
	@scripts/validate.sh

lint:
	@.venvs/app/bin/ruff check .

bench-nlu:        ## train, test NLU on the held-out set, 5-fold cross-validation, reports/nlu/
	@scripts/setup.sh && scripts/bench_nlu.sh

bench-match:      ## build the index from the sample, measure speed and quality, reports/match/
	@scripts/setup.sh && .venvs/app/bin/python scripts/bench_match.py

bench-load:       ## simulated jobseekers on the run command's stack, one and two Rasa processes, a 30-minute soak, reports/load/
	@JOBBCOACH_RASA_PROCESSES=2 scripts/setup.sh && .venvs/app/bin/python scripts/bench_load.py --layouts 1,2 --profile --soak-minutes 30

bench-push:       ## 1,000 open widget streams on a local web app: memory and push latency, reports/push/
	@scripts/setup.sh && .venvs/app/bin/python scripts/bench_push.py --streams 1000

bench-alerts:     ## 10,000 job alerts: index update to every digest queued, reports/alerts/
	@scripts/setup.sh && .venvs/app/bin/python scripts/bench_alerts.py --alerts 10000

bench-safety:     ## the safety net on its own test set (recall, false alarms, every miss), reports/safety/
	@scripts/setup.sh && .venvs/rasa/bin/python scripts/bench_safety.py

bench-dialogue:   ## the dialogue suite's multi-turn conversations over REST, reports/dialogue/
	@scripts/setup.sh --test && JOBBCOACH_MODEL="$$(scripts/train.sh | tail -n 1)" .venvs/app/bin/python scripts/bench_dialogue.py

bench-languages:  ## per language: held-out intent F1, detection on short messages, cross-language p@10, reports/languages/
	@scripts/setup.sh && .venvs/app/bin/python scripts/bench_languages.py

bench-cv:         ## CV files to profiles: extraction P/R/F1 per field, CV-to-ads p@10 parsed vs pasted, reports/cv/
	@scripts/setup.sh && .venvs/app/bin/python scripts/bench_cv.py

bench-insight:    ## insight queries on 100,000 ads and 100,000 conversations, SQLite and PostgreSQL, cache cold, reports/insight/
	@scripts/setup.sh && .venvs/app/bin/python scripts/bench_insight.py --ads 100000 --conversations 100000

clean:            ## remove run-time data and models (keeps the environments)
	rm -rf var models/*.tar.gz
