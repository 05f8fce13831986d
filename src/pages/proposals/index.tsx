/**
 * 提案答复公开: the county's answered proposals, read from a village's board — what was asked, by
 * whom and with whom, which unit handled it, and its reply with the reply's class in words.
 */
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Btn, Card, Empty, Row, Screen, Show } from '../../components/ui';
import { request } from '../../services/api';
import { fullDate } from '../../services/format';
import { param } from '../../services/nav';
import { useRemote } from '../../services/remote';

const PAGE_SIZE = 10;

export default function PublishedProposalsPage() {
  const { params } = useRouter();
  const villageId = param(params, 'village');
  const [pageCount, setPageCount] = useState(1);
  const list = useRemote(() => request('proposal', 'published', { villageId, page: 1, pageSize: PAGE_SIZE * pageCount }), [pageCount]);
  return (
    <Screen>
      <Show remote={list}>
        {(p) =>
          p.items.length === 0 ? (
            <Empty text='还没有已答复的提案' />
          ) : (
            <View>
              <Text className='lead'>共 {p.total} 件已答复</Text>
              {p.items.map((x) => (
                <Card key={x.id} className='proposal-public'>
                  <Text className='card-title'>{`${x.kindText}：${x.title}`}</Text>
                  <Row label='提出人'>{x.proposerName}</Row>
                  {x.cosignerNames.length > 0 && <Row label='附议'>{x.cosignerNames.join('、')}</Row>}
                  {x.leadUnitName && <Row label='承办单位'>{`${x.leadUnitName}主办${x.coUnitNames.length ? `，${x.coUnitNames.join('、')}协办` : ''}`}</Row>}
                  {x.replyClassText && <Row label='答复'>{`${x.replyClassText}${x.repliedOn ? `（${fullDate(x.repliedOn)}）` : ''}`}</Row>}
                  {x.reply && <Text className='reply-text'>{x.reply}</Text>}
                </Card>
              ))}
              {p.items.length < p.total && <Btn onClick={() => setPageCount((n) => n + 1)}>再看{PAGE_SIZE}件</Btn>}
            </View>
          )
        }
      </Show>
    </Screen>
  );
}
