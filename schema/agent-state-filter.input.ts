import { Field, InputType } from 'type-graphql';
import { AgentActivityEnum } from './agent-state.type';

/** Which agents to show. */
@InputType({ description: 'Which agents to show; every given criterion must hold. Names that match nothing give an empty result, not an error.' })
export class AgentStateFilter {
  @Field(() => String, { nullable: true, description: 'Queue name or ARN: agents whose routing profile takes contacts from this queue, or who hold a contact from it.' })
  queue?: string | null;

  @Field(() => String, { nullable: true, description: 'Routing profile name or ARN.' })
  routingProfile?: string | null;

  @Field(() => [AgentActivityEnum], { nullable: true, description: 'Any of these activities.' })
  activity?: AgentActivityEnum[] | null;

  @Field(() => String, { nullable: true, description: 'Hierarchy group name or ARN, at any level.' })
  hierarchyGroup?: string | null;
}
