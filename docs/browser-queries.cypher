// Zarif's meetings
MATCH (z:Person)-[r:MET]-(x:Entity)
WHERE z.name CONTAINS 'Zarif' OR 'Zarif' IN z.aliases
RETURN z, r, x;

// All sanctions
MATCH (s:Entity)-[r]->(o:Entity)
WHERE r.plover = 'SANCTION' OR r.cameo STARTS WITH '163'
RETURN s.name AS who, type(r) AS did, o.name AS whom, r.theme AS theme, r.date AS date, r.text AS sentence
ORDER BY date DESC;

// US-Iran events by date
MATCH (us:Country {iso: 'USA'})-[r]-(ir:Country {iso: 'IRN'})
RETURN coalesce(r.date, r.published) AS date, startNode(r).name AS subject, type(r) AS relation,
       endNode(r).name AS object, r.cameo AS cameo, r.goldstein AS goldstein, r.text AS sentence
ORDER BY date;

// Sentences supporting US IMPOSED Iran
MATCH (:Country {iso: 'USA'})-[r:IMPOSED]->(:Country {iso: 'IRN'})
RETURN r.date, r.text, r.article_id ORDER BY r.date;
