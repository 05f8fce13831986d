/**
 * Photos people attach and read: the picker a form uses (拍照/选照片, each photo uploaded at once to
 * the person's own folder and kept by its file id, or, without a network and where the form can wait
 * for one, kept on the phone until it is sent; 删除 on each) and the strip a page shows kept photos
 * in (a tap opens them large).
 */
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { ApiFailure, uploadPhoto } from '../services/api';
import type { PendingPhoto } from '../services/drafts';
import { privacyDeclined } from '../services/privacy';
import { dropKept, isNetworkFailure, keepFile, useKeptSrc } from '../services/waiting';
import { Field, spoken } from './ui';

/**
 * Up to `max` photos for a form: `value` the file ids so far (each shows from its id: the one who
 * uploaded it may read it), `onChange` with the new list. What went wrong choosing or uploading
 * shows under the photos, else `error` (the server's word). `onUploading` hears how many are still
 * on their way, so the form's button can wait; `orElse` is what can still be done without photos.
 * With `onWaiting`, a photo that cannot be uploaded for want of a network is kept on the phone
 * instead (`waiting`, shown with the others) and uploaded when the form is sent.
 */
export function PhotoPicker({
  label,
  value,
  onChange,
  max,
  error,
  orElse = '提交',
  onUploading,
  waiting = [],
  onWaiting,
}: {
  label: string;
  value: readonly string[];
  onChange: (photos: string[]) => void;
  max: number;
  error?: string;
  orElse?: string;
  onUploading?: (count: number) => void;
  waiting?: readonly PendingPhoto[];
  onWaiting?: (files: PendingPhoto[]) => void;
}) {
  const [uploading, setUploading] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  // the list as last changed, even before the form has drawn it again: uploads land one after another
  const latest = useRef(value);
  latest.current = value;
  const latestWaiting = useRef(waiting);
  latestWaiting.current = waiting;
  const pending = useRef(0);
  const count = (step: number) => {
    pending.current += step;
    setUploading(pending.current);
    onUploading?.(pending.current);
  };
  const change = (photos: string[]) => {
    latest.current = photos;
    setProblem(null);
    onChange(photos);
  };
  const changeWaiting = (files: PendingPhoto[]) => {
    latestWaiting.current = files;
    setProblem(null);
    onWaiting?.(files);
  };
  /** No network: the photo is kept on the phone, to go with the form when it is sent. */
  const keep = async (path: string) => {
    try {
      changeWaiting([...latestWaiting.current, { kind: 'photo', kept: await keepFile(path) }]);
    } catch {
      setProblem('没有网络，照片也没有存下，请有网时再选');
    }
  };

  const add = async () => {
    const room = max - latest.current.length - latestWaiting.current.length;
    if (room <= 0) return;
    let chosen: string[];
    try {
      const res = await Taro.chooseMedia({ count: room, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      chosen = res.tempFiles.map((f) => f.tempFilePath);
    } catch (err) {
      if (privacyDeclined(err)) setProblem(`您没有同意隐私保护指引，所以不能附上照片；不附照片也可以${orElse}`);
      return; // or cancelled
    }
    count(chosen.length);
    for (const path of chosen) {
      try {
        const id = await uploadPhoto(path);
        change([...latest.current, id].slice(0, max));
      } catch (err) {
        if (onWaiting && isNetworkFailure(err)) await keep(path);
        else setProblem(err instanceof ApiFailure ? err.error.message : '照片没有传上去，请再试一次');
      } finally {
        count(-1);
      }
    }
  };

  return (
    <Field label={label} error={problem ?? error}>
      <View className='photos'>
        {value.map((p) => (
          <PhotoTile key={p} src={p} name='已选的照片' onRemove={() => change(latest.current.filter((x) => x !== p))} />
        ))}
        {waiting.map((f) => (
          <KeptPhoto
            key={f.kept}
            file={f}
            onRemove={() => {
              changeWaiting(latestWaiting.current.filter((x) => x.kept !== f.kept));
              void dropKept(f);
            }}
          />
        ))}
        {value.length + waiting.length < max && (
          <View className='photo photo-add' onClick={add}>
            <Text>{uploading > 0 ? '上传中…' : '＋ 拍照/选照片'}</Text>
          </View>
        )}
      </View>
      {waiting.length > 0 && <Text className='hint'>没有网络，照片先存在手机里，发出时再上传。</Text>}
    </Field>
  );
}

/** A chosen photo with 删除 on it; `note` over its top (待上传). */
function PhotoTile({ src, name, note, onRemove }: { src: string | null; name: string; note?: string; onRemove: () => void }) {
  return (
    <View className='photo'>
      {src && <Image className='photo-img' {...spoken(name)} src={src} mode='aspectFill' />}
      {note && <Text className='photo-note'>{note}</Text>}
      <View className='photo-remove' onClick={onRemove}>
        <Text>删除</Text>
      </View>
    </View>
  );
}

/** A photo kept on the phone until its form is sent. */
function KeptPhoto({ file, onRemove }: { file: PendingPhoto; onRemove: () => void }) {
  return <PhotoTile src={useKeptSrc(file)} name='存在手机里、等有网时上传的照片' note='待上传' onRemove={onRemove} />;
}

/** A form's button while photos are still on their way: it waits, and says why (`then`: what it does). */
export const waitForUploads = (uploading: number, then: string) => ({ disabled: uploading > 0, why: `照片还在上传，传好就能${then}` });

/** Kept photos at their temporary addresses, each read aloud as `name` and its place; a tap opens them large. */
export function PhotoStrip({ urls, name }: { urls: readonly string[]; name: string }) {
  if (urls.length === 0) return null;
  return (
    <View className='photos'>
      {urls.map((url, i) => (
        <Image
          key={url}
          className='photo-img'
          {...spoken(`${name}${i + 1}`)}
          src={url}
          mode='aspectFill'
          onClick={() => void Taro.previewImage({ urls: [...urls], current: url })}
        />
      ))}
    </View>
  );
}
