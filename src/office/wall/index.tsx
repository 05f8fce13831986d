/**
 * The office's echo wall (回音墙): posts the content check held, released or kept off the wall with
 * a reason; figures per village (posts, replied on time, late, turned into cases), each village's
 * wall with 督办 and 转为事项; and every village's wall code, to print and post in the village.
 */
import { Image, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { RULES } from '../../../config/rules';
import { WALL_ACTIONS, type WallAction } from '../../domain/wall';
import { rateText } from '../../components/figures';
import { publicShape, WallActions } from '../../components/wall-actions';
import { WallPostCard } from '../../components/wall-parts';
import { Btn, Card, Chips, choicesOf, Empty, Row, Screen, Show, spoken } from '../../components/ui';
import { request } from '../../services/api';
import { param } from '../../services/nav';
import { useRemote } from '../../services/remote';

const PARTS = { held: '待核对', figures: '各村情况', codes: '打印二维码' } as const;
type Part = keyof typeof PARTS;

export default function OfficeWallPage() {
  const { params } = useRouter();
  const asked = param(params, 'part');
  const [part, setPart] = useState<Part>(asked in PARTS ? (asked as Part) : 'held');
  return (
    <Screen wide>
      <Chips options={choicesOf(PARTS)} value={part} onChange={setPart} />
      {part === 'held' && <Held />}
      {part === 'figures' && <Figures />}
      {part === 'codes' && <Codes />}
    </Screen>
  );
}

function Held() {
  const held = useRemote(() => request('wall', 'pending', { page: 1, pageSize: 50 }));
  return (
    <Show remote={held}>
      {(p) =>
        p.items.length === 0 ? (
          <Empty text='没有等待核对的留言' />
        ) : (
          <View>
            <Text className='lead'>{`${p.total} 条留言没有通过内容检查，等待核对`}</Text>
            {p.items.map((post) => (
              <WallPostCard key={post._id} p={publicShape(post)}>
                <Text className='small'>{`${post.townshipName}${post.villageName}`}</Text>
                <WallActions postId={post._id} actions={post.actions} onDone={held.reload} />
              </WallPostCard>
            ))}
          </View>
        )
      }
    </Show>
  );
}

/** The office may press (督办) a post still waiting, and turn any post on the wall into a case. */
const officeActions = (p: { status: string; caseNo: string | null }): WallAction[] =>
  WALL_ACTIONS.filter((a) => (a === 'supervise' && p.status === 'open') || (a === 'convert' && !p.caseNo));

function Figures() {
  const figures = useRemote(() => request('wall', 'figures'));
  const [village, setVillage] = useState<string | null>(null);
  if (village) return <VillageWall villageId={village} onBack={() => setVillage(null)} />;
  return (
    <Show remote={figures}>
      {(f) => (
        <View className='desk-columns'>
          {[f.total, ...f.villages].map((v) => (
            <Card key={v.villageId} className='wall-figures'>
              <Text className='card-title'>{`${v.townshipName}${v.villageName}`}</Text>
              <Row label='公开留言'>{`${v.posts} 条，已回复 ${v.replied} 条`}</Row>
              <Row label='按期回复'>{rateText(v.onTime)}</Row>
              <Row label='逾期'>{`${v.late} 条`}</Row>
              <Row label='转为事项'>{`${v.converted} 条`}</Row>
              <Row label='待核对 / 不予公开'>{`${v.held} / ${v.rejected} 条`}</Row>
              {v.villageId !== 'total' && <Btn onClick={() => setVillage(v.villageId)}>{`看${v.villageName}的回音墙`}</Btn>}
            </Card>
          ))}
        </View>
      )}
    </Show>
  );
}

function VillageWall({ villageId, onBack }: { villageId: string; onBack: () => void }) {
  const wall = useRemote(() => request('wall', 'list', { villageId, page: 1, pageSize: 50 }), [villageId]);
  return (
    <View>
      <Btn onClick={onBack}>返回各村情况</Btn>
      <Show remote={wall}>
        {(w) => (
          <View>
            <Text className='lead'>{`${w.village.townshipName}${w.village.name}回音墙 · ${w.total} 条`}</Text>
            {w.items.map((p) => (
              <WallPostCard key={p.id} p={p}>
                <WallActions postId={p.id} actions={officeActions(p)} onDone={wall.reload} />
              </WallPostCard>
            ))}
          </View>
        )}
      </Show>
    </View>
  );
}

function Codes() {
  const codes = useRemote(() => request('wall', 'codes'));
  return (
    <Show remote={codes}>
      {(list) => (
        <View>
          <Text className='hint'>
            {process.env.TARO_ENV === 'h5'
              ? '每个村(社区)一张，贴在公开栏旁边。群众用微信扫一扫，就能打开本村的回音墙留言。'
              : '长按二维码可以保存到手机相册，交给印刷厂。群众用微信扫一扫，就能打开本村的回音墙留言。'}
          </Text>
          {process.env.TARO_ENV === 'h5' && (
            <Btn kind='primary' big onClick={() => window.print()}>
              打印（A4，每页4张）
            </Btn>
          )}
          <View className='card-sheet'>
            {list.map((c) => (
              <Card key={c.villageId} className='print-card wall-code'>
                <Text className='card-title print-title'>{`${c.townshipName}${c.villageName}民意回音墙`}</Text>
                <View className='print-code'>
                  <Image className='print-code-img' {...spoken(`${c.villageName}回音墙二维码`)} src={c.url} mode='scaleToFill' showMenuByLongpress />
                  <Text className='block'>微信扫一扫 留下您的意见</Text>
                  <Text className='small'>{`不用留名，${RULES.wall.replyWorkingDays}个工作日内公开回复`}</Text>
                </View>
              </Card>
            ))}
          </View>
        </View>
      )}
    </Show>
  );
}
