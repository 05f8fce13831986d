/** After sending: the case number, what happens next and by when. */
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Btn, Card, Screen } from '../../components/ui';
import { fullDate } from '../../services/format';
import { go, pages, param } from '../../services/nav';
import { copyText } from '../../services/privacy';

export default function DonePage() {
  const { params } = useRouter();
  const id = param(params, 'id');
  const no = param(params, 'no');
  const due = param(params, 'due');
  const next = param(params, 'next');
  const held = param(params, 'held') === '1';
  return (
    <Screen>
      <View className='done'>
        <Text className='done-mark'>✓</Text>
        <Text className='done-title'>{held ? '已经收到了' : '已经交给党代表了'}</Text>
      </View>
      <Card>
        <Text className='row-label'>事项编号</Text>
        <View className='case-no' onClick={() => void copyText(no)}>
          <Text>{no}</Text>
          <Text className='small'>（点一下复制）</Text>
        </View>
        <Text className='next'>{next}</Text>
        {due && <Text className='due'>预计答复时间：{fullDate(due)}前</Text>}
      </Card>
      <Btn kind='primary' big onClick={() => go(pages.case(id))}>
        查看办理进度
      </Btn>
      <Btn onClick={() => go(pages.mine())}>我反映过的事</Btn>
    </Screen>
  );
}
