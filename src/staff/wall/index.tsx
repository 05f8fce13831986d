/**
 * 回音墙留言 for the unit that replies (the village's, or the township's as the county sets): the
 * posts of its walls, waiting ones first with their due day, 逾期 and any 督办; a public reply, or
 * 转为事项. A message about one post opens this page with `id`: that post comes first.
 */
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { RULES } from '../../../config/rules';
import { dateTime } from '../../services/format';
import { WallPostCard } from '../../components/wall-parts';
import { publicShape, WallActions } from '../../components/wall-actions';
import { Empty, Screen, Show } from '../../components/ui';
import { request } from '../../services/api';
import { param } from '../../services/nav';
import { useRemote } from '../../services/remote';

export default function StaffWallPage() {
  const { params } = useRouter();
  const first = param(params, 'id');
  const posts = useRemote(() => request('wall', 'assigned'));
  return (
    <Screen>
      <Show remote={posts}>
        {(list) => {
          const open = list.filter((p) => p.status === 'open').length;
          const ordered = [...list.filter((p) => p._id === first), ...list.filter((p) => p._id !== first)];
          return ordered.length === 0 ? (
            <Empty text='回音墙上还没有要回复的留言' />
          ) : (
            <View>
              <Text className='lead'>{open > 0 ? `${open} 条留言等待公开回复` : '留言都已回复'}</Text>
              <Text className='hint'>{`到期前${RULES.reminders.beforeDue}个工作日${RULES.reminders.onDueDay ? '和到期当天' : ''}会提醒；过了期限，每${RULES.reminders.overdueEvery}个工作日提醒一次，并告知办公室和督办领导。`}</Text>
              {ordered.map((p) => (
                <WallPostCard key={p._id} p={publicShape(p)}>
                  {p.supervisions.map((s) => (
                    <Text key={s.at} className='small overdue'>{`督办（${s.byName}，${dateTime(s.at)}）：${s.note}`}</Text>
                  ))}
                  <WallActions postId={p._id} actions={p.actions} onDone={posts.reload} />
                </WallPostCard>
              ))}
            </View>
          );
        }}
      </Show>
    </Screen>
  );
}
