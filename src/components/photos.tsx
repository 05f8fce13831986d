/**
 * Photos people attach and read: the picker a form uses (拍照/选照片, each photo uploaded at once to
 * the person's own folder and kept by its file id, 删除 on each) and the strip a page shows kept
 * photos in (a tap opens them large).
 */
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { ApiFailure, uploadPhoto } from '../services/api';
import { privacyDeclined } from '../services/privacy';
import { Field, spoken } from './ui';

/**
 * Up to `max` photos for a form: `value` the file ids so far (each shows from its id: the one who
 * uploaded it may read it), `onChange` with the new list. What went wrong choosing or uploading
 * shows under the photos, else `error` (the server's word). `onUploading` hears how many are still
 * on their way, so the form's button can wait; `orElse` is what can still be done without photos.
 */
export function PhotoPicker({
  label,
  value,
  onChange,
  max,
  error,
  orElse = '提交',
  onUploading,
}: {
  label: string;
  value: readonly string[];
  onChange: (photos: string[]) => void;
  max: number;
  error?: string;
  orElse?: string;
  onUploading?: (count: number) => void;
}) {
  const [uploading, setUploading] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  // the list as last changed, even before the form has drawn it again: uploads land one after another
  const latest = useRef(value);
  latest.current = value;
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

  const add = async () => {
    const room = max - latest.current.length;
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
        setProblem(err instanceof ApiFailure ? err.error.message : '照片没有传上去，请再试一次');
      } finally {
        count(-1);
      }
    }
  };

  return (
    <Field label={label} error={problem ?? error}>
      <View className='photos'>
        {value.map((p) => (
          <View key={p} className='photo'>
            <Image className='photo-img' {...spoken('已选的照片')} src={p} mode='aspectFill' />
            <View className='photo-remove' onClick={() => change(latest.current.filter((x) => x !== p))}>
              <Text>删除</Text>
            </View>
          </View>
        ))}
        {value.length < max && (
          <View className='photo photo-add' onClick={add}>
            <Text>{uploading > 0 ? '上传中…' : '＋ 拍照/选照片'}</Text>
          </View>
        )}
      </View>
    </Field>
  );
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
