// Zarif's meetings
MATCH (z:Person)-[r:MET]-(x:Entity)
WHERE z.name CONTAINS 'Zarif' OR 'Zarif' IN z.aliases
RETURN z, r, x
