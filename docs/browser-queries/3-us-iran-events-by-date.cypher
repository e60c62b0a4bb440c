// US-Iran events by date
MATCH (us:Country {iso: 'USA'})-[r]-(ir:Country {iso: 'IRN'})
RETURN coalesce(r.date, r.published) AS date, startNode(r).name AS subject, type(r) AS relation,
       endNode(r).name AS object, r.cameo AS cameo, r.goldstein AS goldstein, r.text AS sentence
ORDER BY date
