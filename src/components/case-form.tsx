/** A staff page of one form on one case (its id in the address): the case in brief on top, then the form, or why it cannot be used now. */
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { ReactNode } from 'react';
import type { CaseView } from '../../types/api';
import { request } from '../services/api';
import { param } from '../services/nav';
import { useRemote } from '../services/remote';
import { CaseGist } from './case-parts';
import { Screen, Show } from './ui';

export function CaseFormPage({
  title,
  allowed,
  why,
  children,
}: {
  title: string;
  /** the form may be used on the case now (the server still decides) */
  allowed: (c: CaseView) => boolean;
  /** what the page says instead when it may not */
  why: string;
  children: (c: CaseView) => ReactNode;
}) {
  const { params } = useRouter();
  const id = param(params, 'id');
  const view = useRemote(() => request('case', 'detail', { caseId: id }));
  return (
    <Screen>
      <Show remote={view}>
        {(c) => (
          <View>
            <CaseGist c={c} title={title} />
            {allowed(c) ? (
              children(c)
            ) : (
              <View className='banner banner-warn'>
                <Text>{why}</Text>
              </View>
            )}
          </View>
        )}
      </Show>
    </Screen>
  );
}
