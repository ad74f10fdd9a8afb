# Bobby as a container: `bobby serve` (HTTP and the queue's worker) on $PORT, as a non-root
# user. Run `bobby db upgrade` once per release before starting it (see README, Deploy).

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md requirements.lock ./
COPY src ./src
# Every package at the version the lock pins (`make lock`), with the gcs extra: instances on a
# container platform share charts through a bucket (MEDIA_BUCKET).
RUN python -m venv /opt/bobby \
    && /opt/bobby/bin/pip install --no-cache-dir -c requirements.lock '.[gcs]'

FROM python:3.11-slim
ENV PATH=/opt/bobby/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    MEDIA_DIR=/var/lib/bobby/media \
    SPOOL_DIR=/var/lib/bobby/spool
RUN groupadd --system --gid 10001 bobby \
    && useradd --system --no-log-init --uid 10001 --gid 10001 --create-home \
       --home-dir /var/lib/bobby bobby
COPY --from=build /opt/bobby /opt/bobby
USER 10001:10001
WORKDIR /var/lib/bobby
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('PORT', '8000'), timeout=4)"]
CMD ["bobby", "serve"]
