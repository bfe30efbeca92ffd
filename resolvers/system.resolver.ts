import { Arg, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import { BadUserInputError } from '../src/domain/errors';
import { ticker } from '../src/domain/ticker';
import { RequiresScope } from '../schema/auth.decorators';

/** Service-level fields: the server clock (a liveness signal for wallboards). */
@Resolver()
export class SystemResolver {
  @RequiresScope('metrics:read', 'contacts:read', 'live:read')
  @Query(() => Date, { description: 'The server\'s current time (UTC).' })
  serverTime(): Date {
    return new Date();
  }

  @RequiresScope('live:read')
  @Subscription(() => Date, {
    description: 'The server\'s clock, pushed every `intervalSeconds`: a liveness signal for wallboards and a quick check that subscriptions reach you.',
    subscribe: ({ args }) => {
      const seconds = (args as { intervalSeconds: number }).intervalSeconds;
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) {
        throw new BadUserInputError("'intervalSeconds' must be between 1 and 3600.", 'intervalSeconds');
      }
      return ticker(seconds * 1000);
    },
  })
  serverTimeTicks(
    @Root() tick: Date,
    @Arg('intervalSeconds', () => Int, { defaultValue: 1, description: 'Seconds between two ticks (1–3600).' }) _intervalSeconds: number,
  ): Date {
    return tick;
  }
}
