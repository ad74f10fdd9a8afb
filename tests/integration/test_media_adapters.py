"""The real chart renderer (matplotlib) and local file storage, with the route that serves it."""

import struct
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from bobby_adapters.local_storage import LocalMediaStorage
from bobby_adapters.matplotlib_charts import MatplotlibChartRenderer
from bobby_core.charts import Band, ScoreBars, ShareDonut, Tone
from bobby_http.routes.media import MEDIA_NAME, MediaConfig, media_routes

pytestmark = pytest.mark.integration

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(image: bytes) -> tuple[int, int]:
    assert image[:8] == PNG_SIGNATURE
    assert image[12:16] == b"IHDR"
    width, height = struct.unpack(">II", image[16:24])
    return width, height


async def test_a_bar_chart_of_scores_with_bands_is_an_800_pixel_square_png() -> None:
    image = await MatplotlibChartRenderer().bar_chart(ScoreBars(
        title="Scores", bars=(("One", 4.3), ("Two", 2.0), ("Three", 3.0), ("All", 2.75)),
        low=1, high=5, bands=(Band(label="watch", starts_at=2.5, tone=Tone.WARN),
                              Band(label="act", starts_at=3.5, tone=Tone.ALERT))))
    assert png_size(image) == (800, 800)


@pytest.mark.parametrize(("part", "rest"), [(6, 3), (0, 0), (9, 0)])
async def test_a_donut_of_a_share_is_an_800_pixel_square_png(part: int, rest: int) -> None:
    image = await MatplotlibChartRenderer().donut(ShareDonut(
        title="Share", part=part, rest=rest, part_label="yes", rest_label="no"))
    assert png_size(image) == (800, 800)


async def test_local_storage_writes_each_file_under_its_key(tmp_path: Path) -> None:
    storage = LocalMediaStorage(tmp_path / "media", "https://bobby.example/")
    first = await storage.put(b"one", "image/png", ".png", "chartkey-0001-abcdef")
    second = await storage.put(b"two", "image/png", ".png", "chartkey-0002-abcdef")
    assert first != second
    # Stored again under its key (a delivery tried again): the same file, replaced.
    assert await storage.put(b"one", "image/png", ".png", "chartkey-0001-abcdef") == first
    prefix = "https://bobby.example/media/"
    assert first.startswith(prefix)
    name = first.removeprefix(prefix)
    assert MEDIA_NAME.fullmatch(name)
    assert (tmp_path / "media" / name).read_bytes() == b"one"


async def test_local_storage_refuses_a_suffix_that_could_escape_the_directory(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unsafe"):
        await LocalMediaStorage(tmp_path, "http://x").put(b"x", "image/png", "/../../x.png",
                                                          "chartkey-0001-abcdef")
    with pytest.raises(ValueError, match="unsafe"):
        await LocalMediaStorage(tmp_path, "http://x").put(b"x", "image/png", ".png", "../../x")


async def test_the_media_route_serves_stored_files_and_nothing_else(tmp_path: Path) -> None:
    url = await LocalMediaStorage(tmp_path, "http://testserver").put(b"\x89PNGdata", "image/png",
                                                                     ".png", "chartkey-0001-abcdef")
    (tmp_path / "notes.txt").write_text("secret")
    app = Litestar(route_handlers=media_routes(MediaConfig(directory=tmp_path)))
    with TestClient(app) as client:
        ok = client.get(url.removeprefix("http://testserver"))
        assert ok.status_code == 200
        assert ok.content == b"\x89PNGdata"
        assert ok.headers["content-type"] == "image/png"
        for bad in ["/media/notes.txt", "/media/..%2Fnotes.txt", "/media/%2E%2E%2F%2E%2E%2Fetc",
                    "/media/" + "A" * 32 + ".png", "/media/" + "A" * 31 + ".png"]:
            assert client.get(bad).status_code == 404, bad
