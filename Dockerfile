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
RUN pip install . \
 && useradd --create-home --uid 10001 geokg \
 && mkdir -p /data && chown geokg:geokg /data
ENV KG_DATA_DIR=/data KG_API_HOST=0.0.0.0 KG_API_PORT=8000
USER geokg
VOLUME ["/data"]
EXPOSE 8000
CMD ["geokg", "serve"]
