# syntax=docker/dockerfile:1
# The image of `kubefate-tui serve` (charts/kubefate-tui deploys it):
#   docker build -t <registry>/kubefate-tui:0.1.0 .
# Stage one builds the wheel (with the bundled charts inside); stage two installs it, with its
# dependencies, on a slim Python and runs it as an unprivileged user.
ARG PYTHON_VERSION=3.11

FROM python:${PYTHON_VERSION}-slim AS wheel
WORKDIR /src
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY backend backend
COPY kubefate_tui kubefate_tui
COPY charts charts
RUN pip wheel --no-deps --no-cache-dir --wheel-dir /wheels .

FROM python:${PYTHON_VERSION}-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN --mount=type=bind,from=wheel,source=/wheels,target=/wheels \
    pip install --no-cache-dir /wheels/*.whl \
 && groupadd --system --gid 10001 kubefate \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home \
      --shell /usr/sbin/nologin kubefate \
 && mkdir -p /data /srv/kubefate-tui \
 && chown 10001:10001 /data
# /data: the database (a volume); the working folder is where `serve` looks for KubeFATE's
# config.yaml, if one is mounted there.
WORKDIR /srv/kubefate-tui
VOLUME ["/data"]
ENV FATECLOUD_DB_FILE=/data/kubefate.db \
    FATECLOUD_SERVER_ADDRESS=0.0.0.0 \
    XDG_DATA_HOME=/data
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["kubefate-tui"]
CMD ["serve"]
