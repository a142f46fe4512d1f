FROM python:3.11-slim-bookworm

# Pango and fonts for WeasyPrint; nothing else is needed at run time.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=hannover_teilhabe.settings
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# The translation catalogues are compiled afresh here (the committed .mo files may lag a .po edit); gettext leaves the image again.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext \
 && SECRET_KEY=build-only python manage.py compilemessages \
 && apt-get purge -y gettext && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/*
RUN SECRET_KEY=build-only STATIC_MANIFEST=1 python manage.py collectstatic --noinput \
 && useradd --system --uid 1000 --home /app teilhabe \
 && mkdir -p /data/media && chown -R teilhabe /data/media
USER teilhabe
# The image never starts with the public development key.
ENV REQUIRE_SECRET_KEY=1
EXPOSE 8000
CMD ["gunicorn", "hannover_teilhabe.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
