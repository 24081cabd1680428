# syntax=docker/dockerfile:1
# ioc-stream image: one image, every CLI command (`docker run IMAGE worker|api|topics create|...`).
# Multi-stage: build the virtualenv with pip in the first stage, copy only it into a slim runtime
# that runs as an unprivileged user with a read-only-friendly layout (state under /var/lib/ioc-stream).

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
# A C compiler for setup.py's mypyc build of the enrichment core (the runtime stage needs none).
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/ioc-stream
COPY pyproject.toml setup.py README.md ./
COPY ioc_stream ./ioc_stream
RUN /opt/ioc-stream/bin/pip install . \
 && /opt/ioc-stream/bin/ioc-stream version | grep -q "enrichment core: compiled"

FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="ioc-stream" \
      org.opencontainers.image.description="Social-to-operations correlation for an airline IOC" \
      org.opencontainers.image.licenses="Apache-2.0"
RUN groupadd --system --gid 10001 ioc \
 && useradd --system --uid 10001 --gid ioc --no-create-home --home-dir /var/lib/ioc-stream --shell /usr/sbin/nologin ioc \
 && install -d -o ioc -g ioc -m 0750 /var/lib/ioc-stream
COPY --from=build /opt/ioc-stream /opt/ioc-stream
ENV PATH=/opt/ioc-stream/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    IOC_DATA_DIR=/var/lib/ioc-stream \
    IOC_API__HOST=0.0.0.0 \
    HEALTH_PORT=6066
WORKDIR /var/lib/ioc-stream
USER 10001:10001
EXPOSE 6066 8080
# /healthz on the worker's web port by default; the API container sets HEALTH_PORT=8080.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('HEALTH_PORT', '6066'), timeout=4)"]
ENTRYPOINT ["ioc-stream"]
CMD ["worker"]
