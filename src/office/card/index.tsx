/**
 * The printable contact card (联系卡) of one representative, for the office that prints them and
 * the representative: name, photo, position, phone, reception team and times, and the card's code
 * (a mini-program code in production, from `card · code`). In the browser it prints; in the
 * mini-program the code is saved to the phone's album for the print shop.
 */
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import type { PrintableCard } from '../../server/usecases/cards';
import { CardFace } from '../../components/rep';
import { Btn, Screen, Show } from '../../components/ui';
import { request } from '../../services/api';
import { downloadKept } from '../../services/files';
import { privacyDeclined } from '../../services/privacy';
import { param } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function PrintCardPage() {
  const { params } = useRouter();
  const code = param(params, 'code').trim().toUpperCase();
  const card = useRemote(async (): Promise<PrintableCard> => {
    const [info, image] = await Promise.all([request('card', 'get', { cardCode: code }), request('card', 'code', { cardCode: code })]);
    return { ...info, codeUrl: image.url, codeFileId: image.fileId };
  });
  return (
    <Screen>
      <Show remote={card}>{(c) => <OneCard c={c} />}</Show>
    </Screen>
  );
}

function OneCard({ c }: { c: PrintableCard }) {
  const [saved, setSaved] = useState<string | null>(null);
  const saveCode = async () => {
    try {
      await Taro.saveImageToPhotosAlbum({ filePath: await downloadKept({ fileId: c.codeFileId }) });
      setSaved('小程序码已存到手机相册，可以交给印刷厂');
    } catch (err) {
      setSaved(privacyDeclined(err) ? '没有保存：您没有同意隐私保护指引，同意后才能保存到相册' : '没有保存：请在设置里允许保存到相册后再试');
    }
  };
  return (
    <View>
      <CardFace c={c} />
      {process.env.TARO_ENV === 'h5' ? (
        <Btn kind='primary' big onClick={() => window.print()}>
          打印
        </Btn>
      ) : (
        <Btn kind='primary' big onClick={() => void saveCode()}>
          保存小程序码到相册
        </Btn>
      )}
      {saved && <Text className='hint'>{saved}</Text>}
    </View>
  );
}
