"""geokg's graph: the domain model, the GraphStore protocol and its stores."""
