"""Both places photos can live, through the same small interface: the local disk, and an
S3-compatible object store (moto's S3 server, in this process, on a port of its own; MinIO speaks
the same protocol in docker compose)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import boto3
import httpx
import pytest
from moto.server import ThreadedMotoServer
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.config import get_settings
from app.photos.storage import LocalStore, PhotoStore, S3Store
from tests.conftest import ClientWith, free_port
from tests.factories import bearer, make_group, make_member, make_token
from tests.photos import images

BUCKET = "between-test-media"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    ).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


def s3_settings(endpoint: str) -> dict[str, str]:
    return {
        "media_storage": "s3",
        "s3_endpoint_url": endpoint,
        "s3_bucket": BUCKET,
        "s3_access_key_id": "test",
        "s3_secret_access_key": "test",
    }


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> PhotoStore:
    if request.param == "local":
        return LocalStore(tmp_path)
    return S3Store(get_settings().model_copy(update=s3_settings(request.getfixturevalue("s3_endpoint"))))


async def test_a_store_keeps_gives_back_and_deletes(store: PhotoStore) -> None:
    await store.put("photos/abc/64.webp", b"first", "image/webp")
    await store.put("photos/abc/64.webp", b"second", "image/webp")  # replaced whole
    await store.put("photos/abc/256.webp", b"big", "image/webp")
    assert await store.get("photos/abc/64.webp") == b"second"
    assert await store.get("photos/nothing/64.webp") is None
    await store.delete(["photos/abc/64.webp", "photos/abc/256.webp", "photos/never/was.webp"])
    assert await store.get("photos/abc/64.webp") is None and await store.get("photos/abc/256.webp") is None


async def test_the_local_store_refuses_names_outside_its_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="outside"):
        await LocalStore(tmp_path / "media").put("../escape.webp", b"x", "image/webp")


async def test_the_app_stores_and_serves_photos_from_s3(
    client_with: ClientWith, session: AsyncSession, s3_endpoint: str
) -> None:
    group = await make_group(session)
    ana = await make_member(session, group, name="Ana Castillo")
    ben = await make_member(session, group, name="Ben Okafor")
    objects = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    async with client_with(**s3_settings(s3_endpoint)) as client:
        client: httpx.AsyncClient  # type: ignore[no-redef]
        token = await make_token(session, ana, Scope.write)
        response = await client.put(
            "/api/v1/me/photo", headers=bearer(token), files={"photo": ("me.jpg", images.jpeg(gps=True), "image/jpeg")}
        )
        assert response.status_code == 200, response.text
        keys = {item["Key"] for item in objects.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
        assert len([key for key in keys if key.endswith(".webp")]) >= 3
        seen = await client.get(response.json()["sizes"]["512"], headers=bearer(await make_token(session, ben)))
        assert seen.status_code == 200 and seen.content[:4] == b"RIFF"
        assert (await client.delete("/api/v1/me/photo", headers=bearer(token))).status_code == 204
        left = {item["Key"] for item in objects.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
        assert not left & keys, "every size of the removed photo is gone from the bucket"
