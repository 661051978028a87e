"""Settings survive a round trip; a broken file never stops the app."""

from app import config


def test_defaults_when_no_file(tmp_path):
    assert config.load(tmp_path / "missing.json") == config.Settings()


def test_round_trip(tmp_path):
    path = tmp_path / "settings.json"
    settings = config.Settings(scanner=config.ScannerSettings(max_gap_ms=60, gs_substitutes="#|"),
                               sounds=False)
    config.save(settings, path)
    assert config.load(path) == settings
    assert config.load(path).scanner.decode().gs_substitutes == ("#", "|")
    assert config.load(path).scanner.wedge().max_gap_ms == 60


def test_bad_values_fall_back_to_defaults(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"scanner": {"max_gap_ms": "fast", "min_length": -3, "prefix": 5,'
                    ' "suffix": "!"}, "sounds": "yes", "unknown": 1}')
    loaded = config.load(path)
    assert loaded.scanner.max_gap_ms == 50 and loaded.scanner.min_length == 4
    assert loaded.scanner.prefix == "" and loaded.scanner.suffix == "!"
    assert loaded.sounds is True
    path.write_text("not json")
    assert config.load(path) == config.Settings()
