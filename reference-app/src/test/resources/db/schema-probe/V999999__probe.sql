-- A migration this jar does not have: the database is then behind it (SchemaTest).
SELECT 1;
