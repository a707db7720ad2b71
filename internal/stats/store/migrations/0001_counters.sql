-- The counters: one row per key, its count added to by every batch
-- (INSERT … ON CONFLICT … DO UPDATE). No row says who: see internal/stats.
-- The same statements run on SQLite and on PostgreSQL.
CREATE TABLE counters (
    day       TEXT   NOT NULL, -- UTC, 2006-01-02
    guide     TEXT   NOT NULL,
    graph     TEXT   NOT NULL, -- the guide's graph hash
    lang      TEXT   NOT NULL,
    host      TEXT   NOT NULL, -- the embedding page's origin; '' for none
    event     TEXT   NOT NULL, -- start, shown, choice, outcome, left
    node      TEXT   NOT NULL,
    option_id TEXT   NOT NULL, -- '' but for a choice
    result    TEXT   NOT NULL, -- '' but for an outcome
    n         BIGINT NOT NULL CHECK (n > 0),
    PRIMARY KEY (day, guide, graph, lang, host, event, node, option_id, result)
);

CREATE INDEX counters_guide_day ON counters (guide, day);
