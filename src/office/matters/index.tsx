/**
 * The county's matters put to residents (重大事项民意 / 坝坝会), the archive: each with what was
 * asked, its window and villages, the count so far while undecided, and once decided its result,
 * turnout and any meeting's minutes. The office puts and manages its own from the staff page.
 */
import { Text, View } from '@tarojs/components';
import { MatterCard, MatterTally } from '../../components/matter-parts';
import { Empty, Screen, Show } from '../../components/ui';
import { request } from '../../services/api';
import { go, pages } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function OfficeMattersPage() {
  const list = useRemote(() => request('matter', 'list', {}));
  return (
    <Screen wide>
      <View className='links'>
        <View className='link' onClick={() => go(pages.matters())}>
          <Text>征求群众意见 · 记录坝坝会</Text>
        </View>
      </View>
      <Show remote={list}>
        {(ms) =>
          ms.length === 0 ? (
            <Empty text='全县还没有征求意见的事项' />
          ) : (
            <View className='desk-columns'>
              <Text className='small'>{`共 ${ms.length} 件，已公布结果 ${ms.filter((m) => m.result).length} 件`}</Text>
              {ms.map((m) => (
                <MatterCard key={m.id} m={m}>
                  {!m.result && <MatterTally matterId={m.id} />}
                </MatterCard>
              ))}
            </View>
          )
        }
      </Show>
    </Screen>
  );
}
