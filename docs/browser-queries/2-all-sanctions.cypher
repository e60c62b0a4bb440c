// All sanctions
MATCH (s:Entity)-[r]->(o:Entity)
WHERE r.plover = 'SANCTION' OR r.cameo STARTS WITH '163'
RETURN s.name AS who, type(r) AS did, o.name AS whom, r.theme AS theme, r.date AS date, r.text AS sentence
ORDER BY date DESC
