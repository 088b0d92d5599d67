"""MNIST, Fashion-MNIST and any other IDX set: find, verify, download, decode, cache.

A local file is accepted when its bytes match the published gzip checksum, one of the extra
accepted SHA-256 values (a re-compressed copy), or when its decompressed content matches the
known SHA-256 of the original IDX content. Decoded arrays are cached as ``.npy`` (keyed by the
source file's path, size and modification time), so the second load reads ~55 MB of raw
arrays instead of decompressing again.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dlstudio.data import cache
from dlstudio.data.download import DownloadError, download_file, file_digests
from dlstudio.data.idx import atomic_write, parse_idx, read_bytes
from dlstudio.messages import Message, error_text

ROLES = ("train_images", "train_labels", "test_images", "test_labels")


@dataclass(frozen=True)
class IdxFile:
    name: str                      # published file name (gzip)
    md5: str                       # published MD5 of the gzip file
    sha256s: tuple[str, ...] = ()  # other accepted SHA-256 of the file's bytes
    content_sha256: str = ""       # SHA-256 of the decompressed IDX content, when known


@dataclass(frozen=True)
class IdxSet:
    name: str
    folders: tuple[str, ...]       # sub-folder names looked for inside each data folder
    mirrors: tuple[str, ...]       # base URLs, tried in order
    files: dict                    # role -> IdxFile
    homepage: str = ""
    title: str = ""                # its proper name in sentences ("MNIST"; "" -> ``name``)

    @property
    def named(self) -> str:
        """How sentences name the set: ``title``, else ``name``."""
        return self.title or self.name


MNIST = IdxSet(
    name="mnist", folders=("mnist", "MNIST", "MNIST/raw"),
    mirrors=("https://ossci-datasets.s3.amazonaws.com/mnist/",
             "https://storage.googleapis.com/cvdf-datasets/mnist/",
             "http://yann.lecun.com/exdb/mnist/"),
    files={
        "train_images": IdxFile(
            "train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873",
            ("0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971",),
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        "train_labels": IdxFile(
            "train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432",
            ("3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",),
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        "test_images": IdxFile(
            "t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3",
            ("8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",),
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        "test_labels": IdxFile(
            "t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c",
            ("f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",),
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
    },
    homepage="http://yann.lecun.com/exdb/mnist/", title="MNIST")

FASHION_MNIST = IdxSet(
    name="fashion_mnist", folders=("fashion_mnist", "fashion-mnist", "FashionMNIST/raw",
                                   "fashion"),
    mirrors=("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
             "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/"
             "fashion/"),
    files={
        "train_images": IdxFile("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        "train_labels": IdxFile("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
        "test_images": IdxFile("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
        "test_labels": IdxFile("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
    },
    homepage="https://github.com/zalandoresearch/fashion-mnist", title="Fashion-MNIST")

#: the sets the registry offers; tests may swap an entry for one with local mirrors
IDX_SETS = {"mnist": MNIST, "fashion_mnist": FASHION_MNIST}


# ------------------------------------------------------------------ verification
_verified: dict[tuple, bool] = {}


def forget_verification() -> None:
    """Forget which files were verified, so the next load checks them again (as a new session
    of the application would; the benchmark times that)."""
    _verified.clear()


def _stamp(path: Path) -> tuple:
    st = path.stat()
    return (str(path.resolve()), st.st_size, st.st_mtime_ns)


def verify_file(path: Path, spec: IdxFile) -> bool:
    """True when ``path`` holds this file: by published MD5, accepted SHA-256 or content."""
    key = _stamp(path) + (spec.md5,)
    if key in _verified:
        return _verified[key]
    md5, sha = file_digests(path)
    ok = md5 == spec.md5 or sha in spec.sha256s
    if not ok and spec.content_sha256:
        try:
            ok = hashlib.sha256(read_bytes(path)).hexdigest() == spec.content_sha256
        except ValueError:
            ok = False
    _verified[key] = ok
    return ok


def _candidates(folder: Path, spec: IdxFile) -> list[Path]:
    plain = spec.name[:-3] if spec.name.endswith(".gz") else spec.name
    dotted = plain.replace("-idx", ".idx")
    return [folder / n for n in (spec.name, plain, dotted, dotted + ".gz")]


def _files_in(folder: Path, dataset: IdxSet) -> dict[str, Path] | None:
    found = {}
    for role, spec in dataset.files.items():
        hit = next((p for p in _candidates(folder, spec) if p.is_file()), None)
        if hit is None:
            return None
        found[role] = hit
    return found


def locate(dataset: IdxSet, data_dir=None, verify: bool = True
           ) -> tuple[dict[str, Path], str] | None:
    """``(role -> file, where)`` for the first folder holding all files (verified), or None.

    Raises ``ValueError`` when the explicitly given folder holds the files but they do not
    verify, naming them, so a damaged or foreign copy is not silently passed over.
    """
    rejected = []
    for base, label in cache.search_dirs(data_dir):
        for folder in [base] + [base / sub for sub in dataset.folders]:
            files = _files_in(folder, dataset)
            if files is None:
                continue
            bad = [str(p) for role, p in files.items()
                   if verify and not verify_file(p, dataset.files[role])]
            if not bad:
                return files, cache.found_in(folder, label)
            rejected.extend(bad)
        if rejected and label == "given folder":
            raise ValueError(Message("data.idx.checksums", name=dataset.named,
                                     files=", ".join(rejected)))
        if label == "given folder" and _holds_some(base, dataset):
            # an incomplete set in the folder the student gave: download the rest into it
            # (``fetch``), or say what is wrong there, never train on another folder's copy
            # under a path that names this one (walker18 W18-9)
            return None
    return None


def _holds_some(base: Path, dataset: IdxSet) -> bool:
    """Whether ``base`` (or its dataset subfolder) holds any of ``dataset``'s files."""
    return any(p.is_file() for folder in [base] + [base / sub for sub in dataset.folders]
               for spec in dataset.files.values() for p in _candidates(folder, spec))


def missing_message(dataset: IdxSet, data_dir=None, target: Path | None = None) -> Message:
    """What to download and where to put it (``target``, else the download folder), for an
    offline user."""
    target = target if target is not None else cache.download_dir(data_dir) / dataset.folders[0]
    names = "\n  ".join(f.name for f in dataset.files.values())
    return Message("data.idx.missing", name=dataset.named, files=names,
                   expected=expected_file(dataset), looked=cache.looked_in(data_dir),
                   mirror=dataset.mirrors[0], homepage=dataset.homepage, target=str(target))


def expected_file(dataset: IdxSet) -> str:
    """The file a message names as looked for: the training images (the others lie beside
    it)."""
    spec = dataset.files.get("train_images") or next(iter(dataset.files.values()))
    return spec.name


def not_found_message(dataset: IdxSet, data_dir=None) -> Message:
    """Where ``dataset``'s files were looked for, for a line saying they are not there yet."""
    return Message("data.where.not_found", name=dataset.name, expected=expected_file(dataset),
                   looked=cache.looked_in(data_dir))


def fetch(dataset: IdxSet, data_dir=None, progress=None, timeout: float = 30.0
          ) -> tuple[dict[str, Path], str]:
    """Make sure the files are present: find them, else download them. Returns like
    ``locate``; raises ``FileNotFoundError`` with ``missing_message`` when offline."""
    found = locate(dataset, data_dir)
    if found is not None:
        return found
    target = cache.download_dir(data_dir) / dataset.folders[0]
    files = {}
    try:
        for role, spec in dataset.files.items():
            dest = target / spec.name
            if not (dest.is_file() and verify_file(dest, spec)):
                download_file([m + spec.name for m in dataset.mirrors], dest, md5s=(spec.md5,),
                              sha256s=spec.sha256s, progress=progress, timeout=timeout)
            files[role] = dest
    except DownloadError as exc:
        partial = partial_folder(dataset, data_dir)
        # the files go where the student's partial set is, the folder the message names
        # (walker20 W20-8: it named that folder, then said to put them in its subfolder)
        missing = missing_message(dataset, data_dir,
                                  target=partial[0] if partial is not None else None)
        other = other_set_in(dataset, partial[0]) if partial is not None else None
        if other is not None:        # not damaged: another set's files (walker34)
            missing = Message("data.idx.other_set", name=dataset.named, folder=str(partial[0]),
                              other=other.named, then=missing)
        elif partial is not None:    # the student's own folder: say what is wrong in it
            missing = Message("data.idx.partial", name=dataset.named, folder=str(partial[0]),
                              damaged="\n  ".join(partial[1]) or "-",
                              absent="\n  ".join(partial[2]) or "-", then=missing)
        raise FileNotFoundError(Message("data.idx.download_failed", problem=error_text(exc),
                                        missing=missing)) from exc
    return files, cache.found_in(target, "downloaded")


def partial_folder(dataset: IdxSet, data_dir=None
                   ) -> tuple[Path, list[str], list[str]] | None:
    """The first folder the student chose (``data_dir``, then ``DLSTUDIO_DATA``) that holds
    some of ``dataset``'s files but not a usable set: ``(folder, damaged files, missing file
    names)``, or None. Such a folder was passed over without a word, and the message said
    the dataset was "not on this computer" (walker18 W18-9)."""
    for base, label in cache.search_dirs(data_dir):
        if label not in ("given folder", "DLSTUDIO_DATA"):
            continue
        for folder in [base] + [base / sub for sub in dataset.folders]:
            damaged, absent = [], []
            for role, spec in dataset.files.items():
                hit = next((p for p in _candidates(folder, spec) if p.is_file()), None)
                if hit is None:
                    absent.append(spec.name)
                elif not verify_file(hit, spec):
                    damaged.append(str(hit))
            if len(absent) < len(dataset.files) and (damaged or absent):
                return folder, damaged, absent
    return None


def other_set_in(dataset: IdxSet, folder: Path) -> IdxSet | None:
    """The other set of ``IDX_SETS`` whose published files ``folder`` holds under the names
    of ``dataset``'s (MNIST and Fashion-MNIST use the same file names): every file there
    named as one of ``dataset``'s is that set's file of the same role; None otherwise (no
    such file, or one that is no set's: damaged)."""
    present = {}
    for role, spec in dataset.files.items():
        hit = next((p for p in _candidates(folder, spec) if p.is_file()), None)
        if hit is not None:
            present[role] = hit
    if not present:
        return None
    for other in IDX_SETS.values():
        if other.name != dataset.name and all(
                role in other.files and verify_file(path, other.files[role])
                for role, path in present.items()):
            return other
    return None


# ------------------------------------------------------------------ decoding with a cache
#: decodings of one file role kept in the cache (the newest first): a file's stamp changes
#: when it is copied or touched, and each stamp made a new ``.npy`` that stayed (35 of them,
#: 430 MB, after a month of MNIST folders put back in place each day); two keep a user who
#: switches between two folders from decoding at every switch
KEEP_DECODINGS = 2


def _cached_array(path: Path, name: str) -> np.ndarray:
    """Decode ``path`` once, keep the array as ``.npy`` keyed by the file's stamp (and at
    most ``KEEP_DECODINGS`` of ``name``'s)."""
    stamp = list(_stamp(path))
    key = hashlib.sha256(json.dumps(stamp).encode()).hexdigest()[:16]
    npy = cache.arrays_dir() / f"{name}-{key}.npy"
    if npy.is_file():
        try:
            return np.load(npy, allow_pickle=False)
        except (OSError, ValueError):
            npy.unlink(missing_ok=True)
    arr = parse_idx(read_bytes(path), str(path))
    try:
        import io

        buf = io.BytesIO()
        np.save(buf, arr, allow_pickle=False)
        atomic_write(npy, buf.getvalue())
        _drop_older_decodings(npy.parent, name)
    except OSError:
        pass  # a read-only cache only costs speed
    return arr


def _drop_older_decodings(folder: Path, name: str) -> None:
    """Delete ``name``'s cached decodings beyond the ``KEEP_DECODINGS`` newest."""
    def modified(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    prefix = f"{name}-"
    mine = [p for p in folder.glob(f"{name}-*.npy")
            if len(p.stem) == len(prefix) + 16 and p.stem.startswith(prefix)]
    for old in sorted(mine, key=modified, reverse=True)[KEEP_DECODINGS:]:
        old.unlink(missing_ok=True)


def load_arrays(dataset: IdxSet, data_dir=None, progress=None, download: bool = True
                ) -> tuple[dict[str, np.ndarray], str]:
    """``(role -> uint8 array, where found)`` for the set, downloading when allowed."""
    if download:
        files, where = fetch(dataset, data_dir, progress)
    else:
        found = locate(dataset, data_dir)
        if found is None:
            raise FileNotFoundError(missing_message(dataset, data_dir))
        files, where = found
    arrays = {}
    for i, (role, path) in enumerate(files.items()):
        if progress:
            progress(i, len(files), Message("data.progress.reading", name=path.name))
        arrays[role] = _cached_array(path, f"{dataset.name}-{role}")
    return arrays, where


def images_to_float(images: np.ndarray) -> np.ndarray:
    """(N, H, W) uint8 -> (N, H, W, 1) float32 in [0, 1]."""
    out = np.empty(images.shape + (1,), dtype=np.float32)
    np.divide(images[..., None], np.float32(255.0), out=out, casting="unsafe")
    return out


def find_generic(folder: Path) -> dict[str, Path]:
    """IDX files of any set in ``folder`` by the usual name patterns (train/t10k or test)."""
    patterns = {"train_images": ("train-images", "train_images"),
                "train_labels": ("train-labels", "train_labels"),
                "test_images": ("t10k-images", "test-images", "test_images"),
                "test_labels": ("t10k-labels", "test-labels", "test_labels")}
    found = {}
    if not folder.is_dir():
        raise FileNotFoundError(Message("data.idx.no_folder", path=str(folder)))
    names = sorted(os.listdir(folder))
    for role, keys in patterns.items():
        for n in names:
            if any(n.startswith(k) for k in keys) and not n.endswith(".part"):
                found[role] = folder / n
                break
    if "train_images" not in found or "train_labels" not in found:
        raise FileNotFoundError(Message("data.idx.no_training_files", path=str(folder)))
    return found
