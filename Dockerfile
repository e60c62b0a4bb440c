# geokg API / scheduler image. Build: docker build -t geokg .
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml setup.py README.md ./
COPY geokg ./geokg
COPY graph ./graph
COPY ingest ./ingest
COPY api ./api
COPY seeds ./seeds
RUN pip install .
ENV KG_DATA_DIR=/data KG_API_HOST=0.0.0.0 KG_API_PORT=8000
VOLUME ["/data"]
EXPOSE 8000
CMD ["geokg", "serve"]
