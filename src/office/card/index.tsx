/**
 * The printable contact card (联系卡) of one representative, for the office that prints them and
 * the representative: name, photo, position, phone, reception team and times, and the card's code
 * (a mini-program code in production, from `card · code`). In the browser it prints; in the
 * mini-program the code is saved to the phone's album for the print shop.
 */
import { Image, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import type { CardInfo } from '../../server/usecases/cards';
import { RepDetails, RepHead } from '../../components/rep';
import { Btn, Card, Row, Screen, Show } from '../../components/ui';
import { request } from '../../services/api';
import { param } from '../../services/nav';
import { useRemote } from '../../services/remote';

type Printable = CardInfo & { codeUrl: string };

export default function PrintCardPage() {
  const { params } = useRouter();
  const code = param(params, 'code').trim().toUpperCase();
  const card = useRemote(async (): Promise<Printable> => {
    const [info, image] = await Promise.all([request<CardInfo>('card', 'get', { cardCode: code }), request<{ url: string }>('card', 'code', { cardCode: code })]);
    return { ...info, codeUrl: image.url };
  });
  return (
    <Screen>
      <Show remote={card}>{(c) => <PrintableCard c={c} />}</Show>
    </Screen>
  );
}

function PrintableCard({ c }: { c: Printable }) {
  const [saved, setSaved] = useState<string | null>(null);
  const saveCode = async () => {
    try {
      const { tempFilePath } = await Taro.downloadFile({ url: c.codeUrl });
      await Taro.saveImageToPhotosAlbum({ filePath: tempFilePath });
      setSaved('小程序码已存到手机相册，可以交给印刷厂');
    } catch {
      setSaved('没有保存：请在设置里允许保存到相册后再试');
    }
  };
  return (
    <View>
      <Card className='rep print-card'>
        <Text className='card-title print-title'>党代表联系卡</Text>
        <RepHead c={c} />
        <Text className='rep-position'>{c.position}</Text>
        <Row label='电话'>{c.phone}</Row>
        <RepDetails c={c} />
        <View className='print-code'>
          <Image className='print-code-img' src={c.codeUrl} mode='aspectFit' showMenuByLongpress />
          <Text className='block'>微信扫一扫 反映问题</Text>
          <Text className='small'>{c.cardCode}</Text>
        </View>
      </Card>
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
