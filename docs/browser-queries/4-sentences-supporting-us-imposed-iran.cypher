// Sentences supporting US IMPOSED Iran
MATCH (:Country {iso: 'USA'})-[r:IMPOSED]->(:Country {iso: 'IRN'})
RETURN r.date, r.text, r.article_id ORDER BY r.date
