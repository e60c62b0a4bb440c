"""The API's routers, one module per resource; each route is a few lines over api.service."""
