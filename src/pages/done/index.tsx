/** After sending: the case number, what happens next and by when; after a messenger's pass-on, the follow code for the neighbour. */
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
  const passed = param(params, 'passed') === '1';
  const follow = param(params, 'follow');
  const until = param(params, 'until');
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
      {follow && (
        <Card className='follow'>
          <Text className='card-title'>给邻居的跟进码</Text>
          <View className='follow-code' onClick={() => void copyText(follow)}>
            <Text>{follow}</Text>
          </View>
          <Text className='block'>
            {`请把这个码抄给邻居。邻居打开连心桥，在「我的反映」里点「输入邀请码或跟进码」，输入这个码，就能自己看办理进度和答复${until ? `（${fullDate(until)}前输入有效）` : ''}。`}
          </Text>
        </Card>
      )}
      <Btn kind='primary' big onClick={() => go(pages.case(id))}>
        查看办理进度
      </Btn>
      {passed ? <Btn onClick={() => go(pages.messenger())}>我代反映的事</Btn> : <Btn onClick={() => go(pages.mine())}>我反映过的事</Btn>}
    </Screen>
  );
}
