"""Where photo files live, behind one small interface: the local disk (var/media/, the default) or
any S3-compatible object store (several app processes share one; MinIO in docker compose). Names
are random and say nothing of whose photo it is; files are never served from a public address
(the photos feature reads them and answers only people who may see them)."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path
from typing import Any, Protocol

from app.config import Settings


class PhotoStore(Protocol):
    async def put(self, name: str, data: bytes, content_type: str) -> None: ...

    async def get(self, name: str) -> bytes | None: ...

    async def delete(self, names: list[str]) -> None: ...


class LocalStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, name: str) -> Path:
        path = (self.root / name).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError("a photo name outside the media folder")
        return path

    async def put(self, name: str, data: bytes, content_type: str) -> None:
        path = self._path(name)
        await asyncio.to_thread(_write_atomically, path, data)

    async def get(self, name: str) -> bytes | None:
        try:
            return await asyncio.to_thread(self._path(name).read_bytes)
        except FileNotFoundError:
            return None

    async def delete(self, names: list[str]) -> None:
        for name in names:
            await asyncio.to_thread(self._path(name).unlink, missing_ok=True)


def _write_atomically(path: Path, data: bytes) -> None:
    # A reader never sees half a file: written beside it, then renamed over it.
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class S3Store:
    """boto3's client (thread-safe) in worker threads: its calls block."""

    def __init__(self, settings: Settings) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = settings.s3_bucket
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=settings.s3_endpoint_url or None,
            region_name=settings.s3_region,
            aws_access_key_id=settings.s3_access_key_id or None,
            aws_secret_access_key=settings.s3_secret_access_key or None,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3, "mode": "standard"}),
        )

    async def put(self, name: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(
            self.client.put_object, Bucket=self.bucket, Key=name, Body=data, ContentType=content_type
        )

    async def get(self, name: str) -> bytes | None:
        def read() -> bytes | None:
            try:
                answer = self.client.get_object(Bucket=self.bucket, Key=name)
            except self.client.exceptions.NoSuchKey:
                return None
            body: bytes = answer["Body"].read()
            return body

        return await asyncio.to_thread(read)

    async def delete(self, names: list[str]) -> None:
        if names:
            await asyncio.to_thread(
                self.client.delete_objects,
                Bucket=self.bucket,
                Delete={"Objects": [{"Key": name} for name in names], "Quiet": True},
            )


def store_for(settings: Settings) -> PhotoStore:
    if settings.media_storage == "s3":
        return S3Store(settings)
    return LocalStore(Path(settings.media_dir))
